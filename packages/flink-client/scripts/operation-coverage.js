#!/usr/bin/env node
// Prints the table of OpenAPI operations (Flink 2.1/2.2 and 1.20) against @sluice/flink-client methods,
// naming each gap and its reason. Reads the facts-only extract in packages/flink-client/openapi/
// (made by extract-openapi.js). Usage (after `npm run build`):
//   node packages/flink-client/scripts/operation-coverage.js [path/to/extract]
'use strict';
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { FlinkRestClient, SqlGatewayClient, OPERATION_GAPS } = require('../dist');

const root = resolve(process.argv[2] ?? join(__dirname, '../openapi'));
const FILES = [
  ['rest', 'flink-2.1_2.2/rest_v1_dispatcher.json'], ['rest', 'flink-1.20/rest_v1_dispatcher.json'],
  ...['v1', 'v2', 'v3', 'v4'].map((v) => ['gateway', `flink-2.1_2.2/rest_${v}_sql_gateway.json`]),
  ...['v1', 'v2', 'v3'].map((v) => ['gateway', `flink-1.20/rest_${v}_sql_gateway.json`]),
];
const clients = {
  rest: new FlinkRestClient({ baseUrl: 'http://unused' }),
  gateway: new SqlGatewayClient({ baseUrl: 'http://unused' }),
};
const rows = new Map();
for (const [api, file] of FILES) {
  const doc = JSON.parse(readFileSync(join(root, file), 'utf8'));
  const line = file.split('/')[0].replace('flink-', '');
  const version = /rest_(v\d)_/.exec(file)[1];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const key = `${api} ${op.operationId}`;
      const row = rows.get(key) ?? { api, id: op.operationId, endpoint: `${method.toUpperCase()} ${path}`, seen: new Set() };
      row.seen.add(api === 'rest' ? line : `${line}:${version}`);
      rows.set(key, row);
    }
  }
}
const out = ['| API | operationId | endpoint | in specs | client | gap reason |', '|---|---|---|---|---|---|'];
let covered = 0;
const sorted = [...rows.values()].sort((a, b) => a.api.localeCompare(b.api) || a.endpoint.localeCompare(b.endpoint));
for (const row of sorted) {
  const has = typeof clients[row.api][row.id] === 'function';
  if (has) covered++;
  const reason = has ? '' : OPERATION_GAPS[row.id] ?? 'NOT IMPLEMENTED (no reason recorded)';
  out.push(`| ${row.api} | ${row.id} | \`${row.endpoint}\` | ${[...row.seen].join(', ')} | ${has ? `${row.id}()` : '—'} | ${reason} |`);
}
out.push('', `${covered} of ${rows.size} documented operations have a client method (${((100 * covered) / rows.size).toFixed(1)}%).`);
process.stdout.write(`${out.join('\n')}\n`);
