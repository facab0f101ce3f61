#!/usr/bin/env node
// Writes packages/dsl/src/functions/generated.ts (the typed `fn` functions) from the function
// catalogue. Run after building @sluice/dsl: npx tsc -b packages/dsl && node scripts/gen-dsl-functions.js
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const { renderFunctions } = require(path.join(__dirname, '..', 'packages', 'dsl', 'dist', 'functions', 'render-functions.js'));
const target = path.join(__dirname, '..', 'packages', 'dsl', 'src', 'functions', 'generated.ts');
fs.writeFileSync(target, renderFunctions());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
