#!/usr/bin/env node
// Packs every public workspace package (packages/* and flink-jobs) into one folder with a single
// `npm pack` call, without building: it packs what `npm run build` left in dist/ and flink-jobs/*/target.
//
//   node scripts/pack-all.js [--out <dir>] [--json]
//
// --out   folder for the tarballs (created; default: a fresh folder under the OS temp dir)
// --json  print [{ "name", "version", "file", "size", "unpackedSize" }] instead of one path per line
//
// In code (CommonJS): `const { packAll } = require('<repo>/scripts/pack-all.js'); packAll({ outDir })`
// returns the same array synchronously. Install the result together: `npm install <every file>` (the
// sibling ranges "*" are matched by the tarballs given in the same install).
'use strict';

const { execFileSync } = require('node:child_process');
const { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');

/** The public workspaces, in the root package.json's order (dependencies first). */
function publicWorkspaces() {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return root.workspaces
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) }))
    .filter((w) => w.manifest.private !== true);
}

/** What a package's tarball needs from the build; a missing one means `npm run build` did not run. */
function checkBuilt(ws) {
  const wanted = [];
  if (typeof ws.manifest.types === 'string') wanted.push(ws.manifest.types);
  if (typeof ws.manifest.main === 'string') wanted.push(ws.manifest.main);
  for (const f of ws.manifest.files ?? []) if (/\.jar$/.test(f)) wanted.push(f);
  const missing = wanted.filter((f) => !existsSync(join(ROOT, ws.dir, f)));
  if (missing.length > 0) {
    throw new Error(`${ws.manifest.name} is not built (missing ${missing.join(', ')}): run \`npm run build\` first`);
  }
}

/**
 * Packs every public workspace into outDir (no build). Returns one entry per tarball.
 * @param {{ outDir?: string }} [options]
 * @returns {{ name: string, version: string, file: string, size: number, unpackedSize: number }[]}
 */
function packAll(options = {}) {
  const outDir = resolve(options.outDir ?? mkdtempSync(join(tmpdir(), 'sluice-pack-')));
  mkdirSync(outDir, { recursive: true });
  const workspaces = publicWorkspaces();
  for (const ws of workspaces) {
    checkBuilt(ws);
    // npm puts a LICENSE/NOTICE found in the package folder into the tarball; the one text lives at the top.
    for (const f of ['LICENSE', 'NOTICE']) copyFileSync(join(ROOT, f), join(ROOT, ws.dir, f));
  }
  const args = ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir];
  for (const ws of workspaces) args.push('--workspace', ws.dir);
  const out = execFileSync('npm', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const packed = JSON.parse(out);
  return packed.map((p) => ({ name: p.name, version: p.version, file: join(outDir, p.filename), size: p.size, unpackedSize: p.unpackedSize }));
}

function main(argv) {
  let outDir;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') outDir = argv[++i];
    else if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node scripts/pack-all.js [--out <dir>] [--json]\n');
      return 0;
    } else {
      process.stderr.write(`pack-all: unknown argument ${a}\n`);
      return 2;
    }
  }
  const packed = packAll(outDir === undefined ? {} : { outDir });
  process.stdout.write(json ? `${JSON.stringify(packed, null, 2)}\n` : packed.map((p) => `${p.file}\n`).join(''));
  return 0;
}

module.exports = { packAll, publicWorkspaces };

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`pack-all: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
