import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Written last into an artifact directory: its presence means the directory is complete. */
export const MANIFEST_FILE = '.sluice-artifact.json';

export interface ArtifactManifest {
  artifact: string;
  createdAt: string;
  files: Record<string, { size: number; sha256: string }>;
}

export type ManifestCheck = { ok: true } | { ok: false; reason: string };

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => path !== MANIFEST_FILE)
    .sort();
}

/** Hashes every file under `dir` and records them, so later runs can prove nothing is missing or damaged. */
export async function writeManifest(dir: string, artifact: string): Promise<ArtifactManifest> {
  const files: ArtifactManifest['files'] = {};
  for (const path of await listFiles(dir)) {
    const full = join(dir, path);
    files[path] = { size: (await stat(full)).size, sha256: await sha256File(full) };
  }
  const manifest: ArtifactManifest = { artifact, createdAt: new Date().toISOString(), files };
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Checks every recorded file's size and sha256; an incomplete or damaged artifact fails with the reason. */
export async function checkManifest(dir: string, artifact: string): Promise<ManifestCheck> {
  let manifest: ArtifactManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as ArtifactManifest;
  } catch {
    return { ok: false, reason: 'not fetched yet (or an earlier fetch did not finish)' };
  }
  if (manifest.artifact !== artifact) return { ok: false, reason: `holds ${manifest.artifact}, not ${artifact}` };
  const checks = Object.entries(manifest.files).map(async ([path, expected]): Promise<string | undefined> => {
    const full = join(dir, path);
    const size = await stat(full).then((s) => s.size, () => undefined);
    if (size === undefined) return `${path} is missing`;
    if (size !== expected.size) return `${path} has ${size} bytes, expected ${expected.size}`;
    if ((await sha256File(full)) !== expected.sha256) return `${path} does not match its recorded sha256`;
    return undefined;
  });
  const problems = (await Promise.all(checks)).filter((problem): problem is string => problem !== undefined);
  return problems.length === 0 ? { ok: true } : { ok: false, reason: problems.slice(0, 3).join('; ') };
}
