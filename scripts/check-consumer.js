#!/usr/bin/env node
// Checks the packages as a consumer outside this repository sees them (after `npm run build`):
// packs every public workspace (scripts/pack-all.js), installs all tarballs together into a fresh
// project in the OS temp dir, then
//   - require() (CJS) and import() (ESM) of every package give the same named exports;
//   - `sluice --version` and `sluice-stack --version` run from the installed bins;
//   - @sluice/flink-jobs' jars are inside the installed package;
//   - an ESM and a CJS file importing every package compile with tsc under strict,
//     noUncheckedIndexedAccess and exactOptionalPropertyTypes, WITHOUT skipLibCheck.
// The compiler and @types/node are this repository's (nothing but the tarballs is installed).
//
//   node scripts/check-consumer.js [--keep]     (--keep leaves the temp project for a look)
'use strict';

const { execFileSync } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { packAll } = require('./pack-all');

const ROOT = resolve(__dirname, '..');

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

function main(argv) {
  const keep = argv.includes('--keep');
  const dir = mkdtempSync(join(tmpdir(), 'sluice-consumer-'));
  const t0 = Date.now();
  try {
    const packed = packAll({ outDir: join(dir, 'tarballs') });
    const app = join(dir, 'app');
    require('node:fs').mkdirSync(app);
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`);
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packed.map((p) => p.file)], app);
    const names = packed.map((p) => p.name);
    const failures = [];

    // CJS and ESM see the same names (Node's CJS named-export detection on tsc's output).
    writeFileSync(
      join(app, 'both.mjs'),
      `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst out = {};\n` +
        `for (const name of ${JSON.stringify(names)}) {\n  const cjs = Object.keys(require(name)).filter((k) => k !== '__esModule').sort();\n` +
        `  const esm = Object.keys(await import(name)).filter((k) => k !== 'default' && k !== '__esModule').sort();\n  out[name] = { cjs, esm };\n}\nconsole.log(JSON.stringify(out));\n`,
    );
    const seen = JSON.parse(run(process.execPath, ['both.mjs'], app));
    for (const name of names) {
      const { cjs, esm } = seen[name];
      if (JSON.stringify(cjs) !== JSON.stringify(esm)) failures.push(`${name}: ESM exports ${esm.join(',')} differ from CJS ${cjs.join(',')}`);
    }

    for (const [bin, pkg] of [['sluice', '@sluice/cli'], ['sluice-stack', '@sluice/stack']]) {
      const version = run(join(app, 'node_modules', '.bin', bin), ['--version'], app).trim();
      const want = packed.find((p) => p.name === pkg)?.version;
      if (version !== want) failures.push(`${bin} --version printed ${version}, expected ${want}`);
    }

    const jarPaths = JSON.parse(run(process.execPath, ['-e', "console.log(JSON.stringify(require('@sluice/flink-jobs').jarPaths()))"], app));
    for (const [name, path] of Object.entries(jarPaths)) {
      if (!path.startsWith(join(app, 'node_modules', '@sluice', 'flink-jobs')) || !existsSync(path)) failures.push(`jar ${name} not in the installed package: ${path}`);
    }

    const imports = names.map((n, i) => `import * as m${i} from '${n}';`).join('\n');
    const use = `\nexport const all = [${names.map((_, i) => `m${i}`).join(', ')}];\n`;
    writeFileSync(join(app, 'all.mts'), imports + use);
    writeFileSync(join(app, 'all.cts'), imports + use);
    writeFileSync(
      join(app, 'tsconfig.json'),
      `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            noUncheckedIndexedAccess: true,
            exactOptionalPropertyTypes: true,
            skipLibCheck: false,
            noEmit: true,
            typeRoots: [join(ROOT, 'node_modules', '@types')],
            types: ['node'],
          },
          files: ['all.mts', 'all.cts'],
        },
        null,
        2,
      )}\n`,
    );
    try {
      run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], app);
    } catch (err) {
      failures.push(`tsc (strict, skipLibCheck false) failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }

    const sizes = packed.map((p) => `  ${p.name.padEnd(22)} ${(p.size / 1024).toFixed(1).padStart(7)} kB packed ${(p.unpackedSize / 1024).toFixed(1).padStart(8)} kB unpacked`).join('\n');
    process.stdout.write(`${sizes}\n`);
    if (failures.length > 0) {
      process.stderr.write(`check-consumer: ${failures.length} problem(s)\n${failures.map((f) => `- ${f}`).join('\n')}\n`);
      return 1;
    }
    process.stdout.write(`check-consumer: ${names.length} packages install, require, import, run and type-check outside the repository (${((Date.now() - t0) / 1000).toFixed(1)} s)${keep ? `; kept ${app}` : ''}\n`);
    return 0;
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`check-consumer: ${err instanceof Error ? err.message : String(err)}\n${err && err.stderr ? err.stderr : ''}`);
    process.exitCode = 1;
  }
}
