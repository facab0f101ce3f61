import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, from, kafka, schema, signal, t, udf, type UserFunctionRef } from '@sluice/dsl';
import { compileProject, ensureUserJar, resolveConfig, resolveUserFunction, udfRegistrations, userFunctionStatements } from '../src';

// Issue 20 item 2, deploy's side: a user function's jar resolved (config-relative path, local Maven
// repository, downloaded URL) and registered before the statements that call it, with Sluice's own UDFs.

const dir = mkdtempSync(join(tmpdir(), 'sluice-user-jar-'));
const places = { root: join(dir, 'app'), stateDir: join(dir, 'app', '.sluice'), mavenRepository: join(dir, 'm2') };
const ref = (extra: Partial<UserFunctionRef>): UserFunctionRef => ({ kind: 'scalar', name: 'price_band', className: 'com.acme.PriceBand', ...extra });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveUserFunction', () => {
  test('jar: relative to the config file directory; an absolute one stays', () => {
    expect(resolveUserFunction(ref({ jar: 'udfs/acme.jar' }), places).jar).toBe(join(dir, 'app', 'udfs', 'acme.jar'));
    expect(resolveUserFunction(ref({ jar: '/opt/udfs/acme.jar' }), places).jar).toBe('/opt/udfs/acme.jar');
  });
  test('artifact group:artifact:version: its place in the local Maven repository', () => {
    const resolved = resolveUserFunction(ref({ artifact: 'com.acme.flink:acme-udfs:1.2.0' }), places);
    expect(resolved).toEqual({ ...ref({ artifact: 'com.acme.flink:acme-udfs:1.2.0' }), jar: join(dir, 'm2', 'com', 'acme', 'flink', 'acme-udfs', '1.2.0', 'acme-udfs-1.2.0.jar') });
  });
  test('artifact URL: a download place in the state directory, named by the URL', () => {
    const jar = resolveUserFunction(ref({ artifact: 'https://repo.example.com/libs/acme-udfs-1.2.0.jar' }), places).jar ?? '';
    expect(jar.startsWith(join(dir, 'app', '.sluice', 'jars') + '/')).toBe(true);
    expect(jar).toMatch(/\/[0-9a-f]{16}-acme-udfs-1\.2\.0\.jar$/);
  });
});

describe('registration statements', () => {
  test('CREATE TEMPORARY FUNCTION ... USING JAR with the absolute jar; a missing jar is DEPLOY_UDF_JAR_MISSING with what to do', () => {
    const jar = join(dir, 'app', 'udfs', 'acme.jar');
    mkdirSync(join(dir, 'app', 'udfs'), { recursive: true });
    writeFileSync(jar, 'PK');
    expect(userFunctionStatements([resolveUserFunction(ref({ jar: 'udfs/acme.jar' }), places)])).toEqual([`CREATE TEMPORARY FUNCTION IF NOT EXISTS \`price_band\` AS 'com.acme.PriceBand' USING JAR '${jar}'`]);
    expect(() => ensureUserJar(resolveUserFunction(ref({ jar: 'udfs/missing.jar' }), places))).toThrow(expect.objectContaining({ code: 'DEPLOY_UDF_JAR_MISSING', suggestion: expect.stringContaining('build the jar') }));
    expect(() => ensureUserJar(resolveUserFunction(ref({ artifact: 'com.acme:nope:1.0' }), places))).toThrow(expect.objectContaining({ code: 'DEPLOY_UDF_JAR_MISSING', suggestion: expect.stringContaining('mvn dependency:get -Dartifact=com.acme:nope:1.0') }));
    expect(() => ensureUserJar(ref({ jar: 'udfs/acme.jar' }))).toThrow(expect.objectContaining({ code: 'DEPLOY_UDF_JAR_MISSING' }));
  });

  test('udfRegistrations: Sluice UDFs first, then the user functions of all statements once each, by name', () => {
    const jar = join(dir, 'app', 'udfs', 'acme.jar');
    const band = resolveUserFunction(ref({ jar: 'udfs/acme.jar' }), places);
    const wavg: UserFunctionRef = { kind: 'aggregate', name: 'weighted_avg', className: 'com.acme.WeightedAvg', jar };
    const registrations = udfRegistrations([
      { kind: 'insert', sql: 'INSERT INTO a SELECT ...', udfs: ['SLUICE_EMA'], functions: [wavg, band] },
      { kind: 'insert', sql: 'INSERT INTO b SELECT ...', functions: [band] },
    ]);
    expect(registrations.map((r) => r.kind)).toEqual(['ddl', 'ddl', 'ddl']);
    expect(registrations[0]?.sql).toMatch(/^CREATE TEMPORARY FUNCTION IF NOT EXISTS `SLUICE_EMA` AS 'dev\.sluice\.udf\.Ema' USING JAR '.*sluice-udfs\.jar'$/);
    expect(registrations.slice(1).map((r) => r.sql)).toEqual([
      `CREATE TEMPORARY FUNCTION IF NOT EXISTS \`price_band\` AS 'com.acme.PriceBand' USING JAR '${jar}'`,
      `CREATE TEMPORARY FUNCTION IF NOT EXISTS \`weighted_avg\` AS 'com.acme.WeightedAvg' USING JAR '${jar}'`,
    ]);
  });

  test('an http artifact is downloaded once into the state directory (from a real local HTTP server)', async () => {
    const body = 'PK-not-really-a-jar';
    const server = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => q.url === '/acme.jar' ? s.end(${JSON.stringify(body)}) : (s.statusCode = 404, s.end())).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const port = await new Promise<string>((done) => server.stdout.once('data', (d: Buffer) => done(d.toString().trim())));
      const missing = resolveUserFunction(ref({ artifact: `http://127.0.0.1:${port}/missing.jar` }), places);
      expect(() => ensureUserJar(missing)).toThrow(expect.objectContaining({ code: 'DEPLOY_UDF_JAR_MISSING', message: expect.stringContaining('HTTP 404') }));
      expect(existsSync(missing.jar ?? '')).toBe(false);
      const resolved = resolveUserFunction(ref({ artifact: `http://127.0.0.1:${port}/acme.jar` }), places);
      expect(ensureUserJar(resolved)).toBe(resolved.jar);
      expect(readFileSync(resolved.jar ?? '', 'utf8')).toBe(body);
      // the server gone, the downloaded jar is used as it is
      server.kill();
      await new Promise((done) => server.once('exit', done));
      expect(ensureUserJar(resolved)).toBe(resolved.jar);
    } finally {
      server.kill();
    }
  });
});

describe('compileProject', () => {
  const Trade = schema({ symbol: t.string(), price: t.double() });
  const trades = kafka.source('trades', Trade, { topic: 'trades' });
  const priceBand = udf.scalar('price_band', { className: 'com.acme.PriceBand', jar: 'udfs/acme.jar', args: [t.double(), t.int()], returns: t.bigint() });
  const banded = signal('banded')
    .from(from(trades).select((r) => ({ symbol: r.symbol, band: priceBand(r.price, 5) })))
    .to(kafka.sink('banded'));

  test('the statements carry the function with its jar made absolute against the config file; the version names its class', () => {
    const config = resolveConfig({ project: 'p', signals: ['signals.ts'] }, { configFile: join(dir, 'app', 'sluice.config.ts'), env: {} });
    const [compiled] = compileProject({ config, signals: [banded], modules: {} });
    const insert = compiled?.script.statements.find((st) => st.kind === 'insert');
    expect(insert?.functions).toEqual([{ kind: 'scalar', name: 'price_band', className: 'com.acme.PriceBand', jar: join(dir, 'app', 'udfs', 'acme.jar') }]);
    expect(compiled?.script.functions).toEqual(insert?.functions);
    // the text is the compiler's; the version also covers the function's class
    const plain = compile([banded], { flinkVersion: '2.2', project: 'p', bootstrapServers: '127.0.0.1:9092' });
    expect(compiled?.sql).toBe(plain.text);
    const other = udf.scalar('price_band', { className: 'com.acme.OtherBand', jar: 'udfs/acme.jar', args: [t.double(), t.int()], returns: t.bigint() });
    const [changed] = compileProject({ config, signals: [signal('banded').from(from(trades).select((r) => ({ symbol: r.symbol, band: other(r.price, 5) }))).to(kafka.sink('banded'))], modules: {} });
    expect(changed?.sql).toBe(compiled?.sql);
    expect(changed?.version).not.toBe(compiled?.version);
  });
});
