#!/usr/bin/env node
// The `sluice-stack` command. npm links a workspace's bin at install time only if its target exists, and
// dist/ is built after `npm ci`; so the bin is this committed file, which loads the build (it runs on load).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'dist', 'bin', 'sluice-stack.js');
if (existsSync(built)) {
  require(built);
} else {
  process.stderr.write(`error: sluice-stack is not built (${built} is missing) (run \`npm run build\` in the Sluice repository)\n`);
  process.exitCode = 1;
}
