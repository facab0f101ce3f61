#!/usr/bin/env node
'use strict';
// Runs run.ts without a build step (jiti compiles TypeScript on the fly, as `sluice` does for configs).
const { createJiti } = require('jiti');

createJiti(__filename).import('./run.ts').catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
