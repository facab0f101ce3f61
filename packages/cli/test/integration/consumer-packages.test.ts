import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// Issue 13's "import (ESM) and require (CJS) of every package both work from a consumer, and its types compile under
// strict without skipLibCheck": scripts/check-consumer.js packs every package, installs the tarballs into a project in
// the OS temp dir and checks exactly that (plus the bins and the jars). It needs the build that `npm test` makes
// first, so it lives with the integration tests although it uses no stack.
const ROOT = resolve(__dirname, '..', '..', '..', '..');

test('every package installs outside the repository, with the same CJS and ESM exports and typings that compile under strict without skipLibCheck', () => {
  const run = spawnSync(process.execPath, [resolve(ROOT, 'scripts', 'check-consumer.js')], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  expect(run.stdout).toMatch(/check-consumer: 11 packages install, require, import, run and type-check outside the repository/);
}, 320_000);
