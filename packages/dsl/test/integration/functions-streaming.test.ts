import { createHash, randomBytes } from 'node:crypto';
import { testStackEndpoints } from '@sluice/stack';
import { compile, fn, kafka, schema, signal, t, toTimestampLtz, tumble } from '@sluice/dsl';
import { flinkRestClientOf, gatewayRunner, sqlGatewayClientOf } from '@sluice/deploy';
import { createTopics, deleteTopics, kafkaClient, produceJson, readJson } from './kafka-io';

// The functions the issue names (REGEXP_EXTRACT, SPLIT_INDEX, REPLACE) and a few more from fn.*, in
// streaming jobs over Kafka: the rows they write equal a TS reference computation of the same events.

const SFX = randomBytes(4).toString('hex');
const topic = (name: string): string => `sluice.fns.${name}.${SFX}`;
const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

interface Click { url: string; tags: string; user: string; ms: number; ts_ms: number }
const events: Click[] = [];
for (let i = 0; i < 12; i++) {
  events.push({ url: `http://shop${i % 3}.example.com/${['cart', 'item', 'pay'][i % 3] ?? 'cart'}/${i}?ref=ad${i % 2}`, tags: `t${i},u${i % 4},v`, user: `user${i % 2}`, ms: 10 * (i + 1), ts_ms: T0 + i * 1000 });
}
const flush: Click = { url: 'http://late.example.com/x/0', tags: 'a,b', user: 'zz', ms: 1, ts_ms: T0 + 3_600_000 };

const Click = schema({ url: t.string().notNull(), tags: t.string().notNull(), user: t.string().notNull(), ms: t.int().notNull(), ts_ms: t.bigint() });
const clicks = kafka.source('fns_clicks', Click, { topic: topic('clicks'), computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' } });

const parsed = signal('fns_parsed', { parallelism: 1 })
  .from(clicks)
  .select((r) => ({
    section: fn.regexpExtract(r.url, '/([a-z]+)/[0-9]+', 1),
    second_tag: fn.splitIndex(r.tags, ',', 1),
    path: fn.replace(r.url, 'http://', ''),
    host: fn.parseUrl(r.url, 'HOST'),
    ref: fn.parseUrl(r.url, 'QUERY', 'ref'),
    user_hash: fn.md5(r.user),
    padded: fn.lpad(fn.concat(r.user, '!'), 8, '_'),
  }))
  .to(kafka.sink(topic('parsed')));

const perWindow = signal('fns_window', { parallelism: 1 })
  .from(clicks)
  .window(tumble('ts', '4 s'))
  .groupBy('user')
  .select((r) => ({ users_ms: fn.listagg(fn.concat(r.user, ':'), ';'), p50: fn.percentile(r.ms, 0.5), sections: fn.arrayAgg(fn.splitIndex(fn.replace(r.url, 'http://', ''), '/', 1)) }))
  .to(kafka.sink(topic('window')));

function expectedParsed(): string[] {
  return [...events, flush].map((e) => {
    const u = new URL(e.url);
    const section = /\/([a-z]+)\/[0-9]+/.exec(e.url)?.[1] ?? null;
    return JSON.stringify([section, e.tags.split(',')[1] ?? null, e.url.replace('http://', ''), u.host, u.searchParams.get('ref'), createHash('md5').update(e.user).digest('hex'), `${e.user}!`.padStart(8, '_').slice(0, 8)]);
  }).sort();
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  return (s[lo] ?? 0) + ((s[Math.ceil(pos)] ?? 0) - (s[lo] ?? 0)) * (pos - lo);
}
function expectedWindows(): string[] {
  const groups = new Map<string, Click[]>();
  for (const e of events) {
    const key = `${Math.floor((e.ts_ms - T0) / 4000)} ${e.user}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.entries()].map(([key, es]) => `${key} ${es.map((e) => `${e.user}:`).join(';')} ${percentile(es.map((e) => e.ms), 0.5)} ${es.map((e) => e.url.replace('http://', '').split('/')[1]).join(',')}`).sort();
}

describe('catalogue functions in streaming jobs on the real stack', () => {
  const { kafkaBrokers, flinkRestUrl, sqlGatewayUrl } = testStackEndpoints();
  const client = kafkaClient(kafkaBrokers);
  const topics = ['clicks', 'parsed', 'window'].map(topic);
  let jobId: string | undefined;

  beforeAll(async () => {
    await createTopics(client, topics);
    await produceJson(client, topic('clicks'), [...events, flush]);
    const script = compile([parsed, perWindow], { flinkVersion: '2.2', project: `fns_${SFX}`, bootstrapServers: kafkaBrokers.join(','), jobs: 'statement-set' });
    const run = await gatewayRunner(sqlGatewayClientOf({ sqlGatewayUrl }, { timeoutMs: 120_000 })).run([{ kind: 'set', sql: "SET 'table.local-time-zone' = 'UTC'" }, ...script.statements]);
    jobId = run.jobId ?? String(run.rows?.[0]?.[0]);
  });

  afterAll(async () => {
    if (jobId !== undefined) await flinkRestClientOf({ restUrl: flinkRestUrl }).cancelJob(jobId).catch(() => undefined);
    await deleteTopics(client, topics);
  });

  test('REGEXP_EXTRACT, SPLIT_INDEX, REPLACE, PARSE_URL, MD5, LPAD, CONCAT per click: the reference rows', async () => {
    const want = expectedParsed();
    const out = await readJson(client, { [topic('parsed')]: want.length }, 120_000);
    const got = (out[topic('parsed')] ?? []).map((r) => JSON.stringify([r['section'], r['second_tag'], r['path'], r['host'], r['ref'], r['user_hash'], r['padded']])).sort();
    expect(want).toContain(JSON.stringify(['cart', 'u0', 'shop0.example.com/cart/0?ref=ad0', 'shop0.example.com', 'ad0', createHash('md5').update('user0').digest('hex'), '__user0!']));
    expect(got).toEqual(want);
  });

  test('LISTAGG, PERCENTILE and ARRAY_AGG per 4 s window and user: the reference rows', async () => {
    const want = expectedWindows();
    const out = await readJson(client, { [topic('window')]: want.length }, 120_000);
    const got = (out[topic('window')] ?? []).map((r) => `${(Date.parse(`${String(r['window_start']).replace(' ', 'T')}Z`) - T0) / 4000} ${String(r['user'])} ${String(r['users_ms'])} ${String(r['p50'])} ${(r['sections'] as string[]).join(',')}`).sort();
    expect(want.length).toBe(6);
    expect(got).toEqual(want);
  });
});
