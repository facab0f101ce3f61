import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkManifest, writeManifest } from './manifest';

/** What happened to one artifact during {@link ensureArtifact}. */
export interface ArtifactReport {
  artifact: string;
  dir: string;
  /** `cached`: verified and reused; `fetched`: it was not there; `refetched`: it was there but broken. */
  outcome: 'cached' | 'fetched' | 'refetched';
  /** Why a cached copy was refused, when it was. */
  reason?: string;
  ms: number;
}

export interface ArtifactSpec {
  /** Identity recorded in the manifest, e.g. `flink-home 2.2.1 + kafka connector 5.0.0-2.2`. */
  artifact: string;
  dir: string;
  /** Fills `tmpDir` with the artifact's files; it is renamed to `dir` only when this resolves. */
  fetch(tmpDir: string): Promise<void>;
}

/**
 * Reuses `spec.dir` when its manifest verifies, otherwise fetches it again into a temporary directory
 * and swaps it in, so an interrupted fetch never leaves a half-filled directory that looks complete.
 */
export async function ensureArtifact(spec: ArtifactSpec, onStart?: (reason: string) => void): Promise<ArtifactReport> {
  const started = Date.now();
  const check = await checkManifest(spec.dir, spec.artifact);
  if (check.ok) return { artifact: spec.artifact, dir: spec.dir, outcome: 'cached', ms: Date.now() - started };

  const existed = check.reason !== 'not fetched yet (or an earlier fetch did not finish)';
  onStart?.(check.reason);
  const tmpDir = `${spec.dir}.partial-${process.pid}`;
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  try {
    await spec.fetch(tmpDir);
    await writeManifest(tmpDir, spec.artifact);
    await rm(spec.dir, { recursive: true, force: true });
    await mkdir(dirname(spec.dir), { recursive: true });
    await rename(tmpDir, spec.dir);
  } catch (error) {
    await rm(tmpDir, { recursive: true, force: true });
    throw error;
  }
  const report: ArtifactReport = { artifact: spec.artifact, dir: spec.dir, outcome: existed ? 'refetched' : 'fetched', ms: Date.now() - started };
  if (existed) report.reason = check.reason;
  return report;
}
