// The files `sluice init` writes, as text. Kept as strings (no template engine, nothing to ship beside
// dist/); the integration test packs the packages, scaffolds a project outside the repository and
// compiles these files there with `tsc` in strict mode, so a template that stops compiling fails it.

/** What the templates are filled with. */
export interface TemplateValues {
  /** Sluice project name (`[A-Za-z_][A-Za-z0-9_-]*`): job names and topic prefix. */
  readonly project: string;
  /** npm package name of the scaffolded project. */
  readonly packageName: string;
  /** Version of the `@sluice/*` packages (the CLI's own). */
  readonly version: string;
}

/** Scripts of the scaffolded package.json. */
export function packageScripts(): Record<string, string> {
  return {
    build: 'tsc -p .',
    test: 'tsc -p . && node --test dist/test/',
    validate: 'sluice validate --offline',
    deploy: 'sluice deploy',
    produce: 'tsc -p . && node dist/src/produce.js',
    consume: 'tsc -p . && node dist/src/consume.js',
  };
}

/** Dependencies of the scaffolded package.json (runtime, then dev). */
export function packageDependencies(v: TemplateValues): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const range = `^${v.version}`;
  return {
    dependencies: { '@sluice/cli': range, '@sluice/dsl': range, '@sluice/kafka': range },
    devDependencies: { '@sluice/testing': range, '@types/node': '^20.19.0', typescript: '^5.9.3' },
  };
}

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2023"],
    "module": "Node16",
    "moduleResolution": "Node16",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "esModuleInterop": true,
    "forceConsistentCasingInFileNames": true,
    "types": ["node"],
    "rootDir": ".",
    "outDir": "dist",
    "sourceMap": true
  },
  "include": ["sluice.config.ts", "signals", "src", "test"]
}
`;

const config = (v: TemplateValues): string => `import { defineConfig } from '@sluice/cli';

// \`npx sluice <command>\` uses the top-level settings (environment \`dev\`, the default, also named
// \`local\` below): the local stack of \`npx sluice stack up\`, or the cluster named by the SLUICE_*
// variables (CI, a shared test cluster). \`npx sluice --env prod deploy\` uses the \`prod\` overrides.
export default defineConfig({
  project: '${v.project}',
  signals: ['signals'],
  flink: {
    restUrl: process.env.SLUICE_FLINK_REST_URL ?? 'http://127.0.0.1:8081',
    sqlGatewayUrl: process.env.SLUICE_SQL_GATEWAY_URL ?? 'http://127.0.0.1:8083',
    version: '2.2',
  },
  kafka: { brokers: process.env.SLUICE_KAFKA_BROKERS ?? '127.0.0.1:9092' },
  environments: {
    local: {},
    // A remote cluster: secrets by reference (env:NAME, file:path), never written here or printed.
    prod: {
      flink: { restUrl: 'https://flink.example.com', sqlGatewayUrl: 'https://flink-sql.example.com' },
      kafka: {
        brokers: 'kafka-1.example.com:9093',
        tls: true,
        sasl: { mechanism: 'scram-sha-512', username: 'sluice', password: 'env:KAFKA_PASSWORD' },
      },
    },
  },
});
`;

const trades = (v: TemplateValues): string => `import { kafka, schema, t, type RowOf } from '@sluice/dsl';

/** A trade: the input of this project's signals. */
export const Trade = schema({
  symbol: t.string().notNull(),
  price: t.double().notNull(),
  ts: t.timestampLtz(3).notNull(),
});

/** A trade as the typed producer takes it. */
export type TradeRow = RowOf<typeof Trade>;

/** Trades on Kafka, keyed by symbol; event time \`ts\`, at most 1 s out of order. */
export const trades = kafka.source('trades', Trade, {
  topic: '${v.project}.trades',
  key: ['symbol'],
  eventTime: { column: 'ts', watermark: '1 s' },
});
`;

const rsi = (v: TemplateValues): string => `import { indicators, kafka, signal } from '@sluice/dsl';
import { trades } from './trades';

/**
 * Wilder's RSI over 14 trades per symbol, one output row per trade (\`rsi\` is null for a symbol's
 * first 14 trades). A row is emitted once the watermark (1 s behind the latest trade) passes its time.
 * Runs flink-jobs' SLUICE_RSI aggregate, which \`sluice deploy\` registers from the jar inside the
 * installed @sluice/flink-jobs package.
 */
export const rsi14 = signal('rsi_14')
  .from(indicators.rsi(trades, { value: 'price', period: 14, by: 'symbol' }))
  .to(kafka.sink('${v.project}.rsi_14'));
`;

const consume = (v: TemplateValues): string => `import { createKafkaClient } from '@sluice/kafka';
import type { RowOf } from '@sluice/dsl';
import { rsi14 } from '../signals/rsi';

/** One output row of rsi_14, typed from the signal itself. */
export type RsiRow = RowOf<typeof rsi14>;

// Prints rsi_14's rows as JSON lines, from the start of its topic: \`npm run consume -- [limit]\`.
async function main(): Promise<void> {
  const limit = Number(process.argv[2] ?? Infinity);
  const brokers = (process.env.SLUICE_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const kafka = createKafkaClient({ brokers, clientId: '${v.project}-consume' });
  let seen = 0;
  try {
    for await (const row of kafka.consume(rsi14, { from: 'earliest' })) {
      const typed: RsiRow = row;
      console.log(JSON.stringify({ symbol: typed.symbol, ts: typed.ts.toISOString(), price: typed.price, rsi: typed.rsi }));
      if (++seen >= limit) break;
    }
  } finally {
    await kafka.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
`;

const produce = (v: TemplateValues): string => `import { readFileSync } from 'node:fs';
import { createKafkaClient } from '@sluice/kafka';
import { trades, type TradeRow } from '../signals/trades';

/** A made-up price walk per symbol, one trade per second up to now. */
function sampleTrades(count: number): TradeRow[] {
  const start = Date.now() - count * 1000;
  return ['ACME', 'INIT'].flatMap((symbol, s) =>
    Array.from({ length: count }, (_, i) => ({ symbol, price: 100 + s * 50 + 5 * Math.sin(i / 3) + (i % 4), ts: new Date(start + i * 1000) })),
  );
}

/** Trades from a JSON file of \`{ symbol, price, ts }\` (ts as ISO text). */
function tradesFromFile(file: string): TradeRow[] {
  const rows = JSON.parse(readFileSync(file, 'utf8')) as { symbol: string; price: number; ts: string }[];
  return rows.map((r) => ({ symbol: r.symbol, price: r.price, ts: new Date(r.ts) }));
}

// Sends trades to the trades topic with the typed producer: \`npm run produce -- [trades.json]\`.
async function main(): Promise<void> {
  const rows = process.argv[2] === undefined ? sampleTrades(30) : tradesFromFile(process.argv[2]);
  const brokers = (process.env.SLUICE_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const kafka = createKafkaClient({ brokers, clientId: '${v.project}-produce' });
  try {
    const producer = await kafka.producer(trades);
    await producer.send(rows);
    console.log(\`sent \${rows.length} trades to \${producer.topic}\`);
  } finally {
    await kafka.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
`;

const test = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSignal } from '@sluice/testing';
import { rsi14 } from '../signals/rsi';
import { trades } from '../signals/trades';

// Runs rsi_14 on the real Flink of the current environment (the local stack by default; the SLUICE_*
// variables name another) over these trades, in a bounded run with its own topics and job.
test('rsi_14 is null while warming up, then 100 while prices only rise', async () => {
  const t0 = Date.UTC(2026, 0, 1);
  const events = Array.from({ length: 16 }, (_, i) => ({ symbol: 'ACME', price: 100 + i, ts: new Date(t0 + i * 1000) }));
  const rows = await runSignal(rsi14, { events: [[trades, events]] });
  const byTime = [...rows].sort((a, b) => a.ts.getTime() - b.ts.getTime());
  assert.deepEqual(byTime.map((r) => r.price), events.map((e) => e.price));
  assert.deepEqual(byTime.map((r) => r.rsi), [...Array<null>(14).fill(null), 100, 100]);
});
`;

const rowTypes = `import type { RowOf } from '@sluice/dsl';
import { rsi14 } from '../signals/rsi';

// Compile-time checks of rsi_14's output row (\`npm run build\` fails when they break).
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

export type RsiRowIsExact = Expect<Equal<RowOf<typeof rsi14>, { symbol: string; price: number; ts: Date; rsi: number | null }>>;

export function priceOf(row: RowOf<typeof rsi14>): number {
  // @ts-expect-error volume is not a column of rsi_14's output
  void row.volume;
  return row.price;
}
`;

const readme = (v: TemplateValues): string => `# ${v.packageName}

Signals on Apache Flink, written in TypeScript with [Sluice](https://www.npmjs.com/package/@sluice/cli).

| file | what |
|---|---|
| \`sluice.config.ts\` | project \`${v.project}\`: the local stack (default) and a \`prod\` cluster |
| \`signals/trades.ts\` | the source: trades on topic \`${v.project}.trades\` |
| \`signals/rsi.ts\` | the signal \`rsi_14\`: Wilder's RSI per symbol, to topic \`${v.project}.rsi_14\` |
| \`src/produce.ts\` | sends trades with the typed producer |
| \`src/consume.ts\` | prints \`rsi_14\`'s rows, typed \`RowOf<typeof rsi14>\` |
| \`test/rsi.test.ts\` | runs \`rsi_14\` on real Flink over given trades (\`runSignal\` of @sluice/testing) |
| \`test/row-types.ts\` | compile-time checks of the output row type |
| \`.github/workflows/sluice.yml\` | CI: every signal through Flink's planner (\`sluice validate --offline --junit\`) |

Needs Node 20 and Java 17 (Flink runs on it).

\`\`\`bash
npm install
npx sluice stack up            # a local Kafka + Flink + SQL Gateway (downloads once, no Docker)
npx sluice validate --offline  # Flink's planner checks every signal, no cluster needed
npx sluice deploy              # topics and the rsi_14 job
npm run produce                # sample trades
npm run consume -- 20          # the first 20 typed rows
npm test                       # type checks + runSignal tests on the stack
\`\`\`

Against another cluster: \`npx sluice --env prod plan\`, or set \`SLUICE_KAFKA_BROKERS\`,
\`SLUICE_FLINK_REST_URL\` and \`SLUICE_SQL_GATEWAY_URL\`.
`;

const workflow = `# Every signal through Flink's own planner on each push: no cluster needed, a JUnit report.
name: sluice
on: [push, pull_request]
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20, cache: npm }
      - uses: actions/setup-java@v4
        with: { distribution: temurin, java-version: 17 }
      - uses: actions/cache@v4
        with: { path: ~/.cache/sluice, key: sluice-flink-\${{ hashFiles('package-lock.json') }} }
      - run: npm ci
      - run: npx sluice-stack fetch   # the Flink distribution whose planner validates (cached above)
      - run: npx tsc -p . --noEmit
      - run: npx sluice validate --offline --junit reports/sluice.xml
      - uses: actions/upload-artifact@v4
        if: always()
        with: { name: sluice-validate, path: reports/sluice.xml }
`;

const gitignore = `node_modules/
dist/
reports/
.sluice/
`;

/**
 * The files of a new project, by path relative to its directory (package.json is merged separately).
 *
 * @example
 * ```ts
 * Object.keys(projectFiles({ project: 'demo', packageName: 'demo', version: '0.1.0' }))
 * // ['tsconfig.json', 'sluice.config.ts', 'signals/trades.ts', 'signals/rsi.ts', 'src/consume.ts', ...]
 * ```
 */
export function projectFiles(v: TemplateValues): Record<string, string> {
  return {
    'tsconfig.json': TSCONFIG,
    'sluice.config.ts': config(v),
    'signals/trades.ts': trades(v),
    'signals/rsi.ts': rsi(v),
    'src/consume.ts': consume(v),
    'src/produce.ts': produce(v),
    'test/rsi.test.ts': test,
    'test/row-types.ts': rowTypes,
    'README.md': readme(v),
    '.github/workflows/sluice.yml': workflow,
    '.gitignore': gitignore,
  };
}
