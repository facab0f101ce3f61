#!/usr/bin/env node
'use strict';
require('../shared/run-ts')(__dirname);
