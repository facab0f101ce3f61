#!/usr/bin/env node
// Decode-only micro-bench (no broker): the bench topic's records decoded by bare JSON.parse and by the
// Sluice codec / Arrow column builder, to see what decoding costs apart from fetching.
// Usage: node bench/kafka/decode-micro.js [rows]   (needs npm run build). SLUICE_KAFKA_DIST picks another build.
'use strict';
const { join, resolve } = require('node:path');
const { schema, t } = require('../../packages/dsl/dist/index.js');
const kafkaDist = resolve(process.env.SLUICE_KAFKA_DIST ?? join(__dirname, '..', '..', 'packages', 'kafka', 'dist'));
const { jsonCodec } = require(join(kafkaDist, 'index.js'));

const N = Number(process.argv[2] ?? 200_000);
const Trade = schema({ id: t.bigint().notNull(), symbol: t.string(), price: t.double(), qty: t.bigint(), ts: t.timestampLtz(3) });
const codec = jsonCodec(Trade);
const buffers = [];
for (let i = 0; i < N; i++) {
  const ts = new Date(1_700_000_000_000 + i).toISOString().replace('T', ' ').replace(/Z$/, 'Z');
  buffers.push(Buffer.from(JSON.stringify({ id: i, symbol: `SYM${i % 50}`, price: 100 + (i % 1000) / 100, qty: i % 500, ts })));
}

function time(name, fn) {
  let best = Infinity;
  let check = 0;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    check = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  console.log(`${name.padEnd(44)} ${Math.round(N / best).toLocaleString('en-US').padStart(12)} rows/s  (check ${check.toFixed(2)})`);
}

time('toString + JSON.parse', () => {
  let sum = 0;
  for (const b of buffers) sum += JSON.parse(b.toString()).price;
  return sum;
});
time('codec.decode (typed row)', () => {
  let sum = 0;
  for (const b of buffers) sum += codec.decode(b).price;
  return sum;
});
time('TextDecoder(fatal) only', () => {
  const d = new TextDecoder('utf-8', { fatal: true });
  let sum = 0;
  for (const b of buffers) sum += d.decode(b).length;
  return sum;
});
time('isUtf8 + toString only', () => {
  const { isUtf8 } = require('node:buffer');
  let sum = 0;
  for (const b of buffers) if (isUtf8(b)) sum += b.toString().length;
  return sum;
});
time('toString only', () => {
  let sum = 0;
  for (const b of buffers) sum += b.toString().length;
  return sum;
});
