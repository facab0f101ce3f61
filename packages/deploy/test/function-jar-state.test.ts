import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunnableStatement } from '../src/run/statement-runner';
import { aggregateFunctions } from '../src/state-compat/compiled-plan';
import { functionJarChanges, functionJarsOf, jarHash, type FunctionJarChanges } from '../src/state-compat/function-jars';
import { compareJobPlans, type PlannedJob } from '../src/state-compat/state-compatibility';

// What Flink 2.2.1's planner answered (EXPLAIN JSON_EXECUTION_PLAN and COMPILE PLAN through the SQL
// Gateway) for the DSL's per-tick RSI signal: SLUICE_RSI is an aggCall of the OverAggregate. The
// integration test state-compat/udf-jar-change.test.ts runs the same rules against the real stack.
const rsi = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'state-compat', 'rsi-over.json'), 'utf8')) as PlannedJob;
const grouped = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'state-compat', 'grouped.json'), 'utf8')) as PlannedJob;

// The same RSI plan whose Calc also calls a scalar user function PRICE_BAND (a stateless use).
const withScalar: PlannedJob = (() => {
  const plan = JSON.parse(rsi.compiledPlan) as { nodes: { type: string; projection?: unknown[] }[] };
  const calc = plan.nodes.find((n) => n.type.startsWith('stream-exec-calc'));
  calc?.projection?.push({ kind: 'CALL', catalogName: '`default_catalog`.`default_database`.`PRICE_BAND`', operands: [{ kind: 'INPUT_REF', inputIndex: 1, type: 'DOUBLE' }], type: 'DOUBLE' });
  return { explain: rsi.explain, compiledPlan: JSON.stringify(plan) };
})();

const changes = (o: { changed?: Record<string, string>; unrecorded?: string[] }): FunctionJarChanges => ({
  since: 'v1abc',
  changed: new Map(Object.entries(o.changed ?? {})),
  unrecorded: new Set(o.unrecorded ?? []),
});

describe('the functions whose accumulators an exec node keeps', () => {
  test("the OverAggregate keeps SLUICE_RSI's; a scalar function in a Calc keeps none; built-in aggregates keep their internal name", () => {
    expect([...aggregateFunctions(withScalar.compiledPlan).values()]).toEqual([['SLUICE_RSI']]);
    expect([...aggregateFunctions(grouped.compiledPlan).values()].flat().every((n) => n.startsWith('$'))).toBe(true);
  });
});

describe('the state check with function jars', () => {
  test('the same SQL, SLUICE_RSI jar changed: incompatible at OverAggregate, naming the function and the version', () => {
    const v = compareJobPlans(rsi, rsi, changes({ changed: { SLUICE_RSI: 'sha256:aaa -> sha256:bbb' } }));
    expect(v.verdict).toBe('incompatible');
    expect(v.operator).toBe('OverAggregate');
    expect(v.reason).toBe('OverAggregate: its state holds accumulators of SLUICE_RSI, and its jar changed since v1abc (sha256:aaa -> sha256:bbb): the new classes would have to read what the old ones wrote');
    expect(v.operators.find((o) => o.operator === 'OverAggregate')?.outcome).toBe('changed');
  });

  test('a changed jar of a scalar function only (no state involved): compatible', () => {
    expect(compareJobPlans(withScalar, withScalar, changes({ changed: { PRICE_BAND: 'sha256:aaa -> sha256:bbb' } })).verdict).toBe('compatible');
  });

  test('the old jar of a stateful function not recorded: unknown, naming it; a scalar one unrecorded: compatible', () => {
    const v = compareJobPlans(rsi, rsi, changes({ unrecorded: ['SLUICE_RSI'] }));
    expect(v.verdict).toBe('unknown');
    expect(v.operator).toBe('OverAggregate');
    expect(v.reason).toMatch(/^OverAggregate keeps accumulators of SLUICE_RSI, and the jar version v1abc ran with is not recorded/);
    expect(compareJobPlans(withScalar, withScalar, changes({ unrecorded: ['PRICE_BAND'] })).verdict).toBe('compatible');
  });

  test('an incompatible plan stays incompatible for its own reason; no jar change or no jars given: the plan comparison alone', () => {
    const broken = compareJobPlans(grouped, rsi, changes({ unrecorded: ['SLUICE_RSI'] }));
    expect(broken.verdict).toBe('incompatible');
    expect(compareJobPlans(rsi, rsi, changes({})).verdict).toBe('compatible');
    expect(compareJobPlans(rsi, rsi).verdict).toBe('compatible');
  });
});

describe('recorded jar identities', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-function-jars-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sluiceJar = join(dir, 'sluice-udfs.jar');
  const userJar = join(dir, 'acme.jar');
  writeFileSync(sluiceJar, 'sluice v1');
  writeFileSync(userJar, 'acme v1');
  const statements: RunnableStatement[] = [
    { kind: 'ddl', sql: 'CREATE TABLE t ...' },
    { kind: 'insert', sql: 'INSERT INTO o SELECT ...', udfs: ['SLUICE_RSI'], functions: [{ kind: 'aggregate', name: 'acme_last', className: 'com.acme.Last', jar: userJar }, { kind: 'scalar', name: 'gone', className: 'com.acme.Gone', jar: join(dir, 'missing.jar') }] },
  ];

  test('the Sluice UDFs and user functions the statements register, by upper-case name; a missing jar is left out', () => {
    const jars = functionJarsOf(statements, sluiceJar);
    expect(jars).toEqual({ SLUICE_RSI: jarHash(sluiceJar), ACME_LAST: jarHash(userJar) });
    expect(jars['SLUICE_RSI']).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('changes: a rewritten jar is changed (short hashes), an unrecorded one listed, an unchanged one neither', () => {
    const recorded = functionJarsOf(statements, sluiceJar);
    writeFileSync(userJar, 'acme v2, another size');
    const c = functionJarChanges(statements, { SLUICE_RSI: recorded['SLUICE_RSI'] ?? '', ACME_LAST: recorded['ACME_LAST'] ?? '' }, statements, 'v1', sluiceJar);
    expect([...c.changed.keys()]).toEqual(['ACME_LAST']);
    expect(c.changed.get('ACME_LAST')).toMatch(/^sha256:[0-9a-f]{12} -> sha256:[0-9a-f]{12}$/);
    expect([...c.unrecorded]).toEqual([]);
    expect([...functionJarChanges(statements, undefined, statements, 'v1', sluiceJar).unrecorded].sort()).toEqual(['ACME_LAST', 'SLUICE_RSI']);
  });
});
