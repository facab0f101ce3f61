#!/usr/bin/env node
// prepack of every package: npm ships a LICENSE found in the package folder, and NOTICE through `files`;
// the one text of each lives at the top of the repository.
'use strict';
const { copyFileSync } = require('node:fs');
const { join } = require('node:path');

for (const f of ['LICENSE', 'NOTICE']) copyFileSync(join(__dirname, '..', f), join(process.cwd(), f));
