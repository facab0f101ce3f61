'use strict';
// Runs an example's run.ts without a build step (jiti compiles TypeScript on the fly, as `sluice` does
// for configs). Usage from an example: require('../shared/run-ts')(__dirname).
const { join } = require('node:path');
const { createJiti } = require('jiti');

module.exports = function runTs(dir) {
  createJiti(join(dir, 'run.js')).import(join(dir, 'run.ts')).catch((error) => {
    process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
};
