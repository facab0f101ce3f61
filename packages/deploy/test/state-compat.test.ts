import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareJobPlans, type PlannedJob } from '../src/state-compat/state-compatibility';
import { identifyOperators, parseStreamGraph, type StreamGraphNode } from '../src/state-compat/stream-graph';
import { rowFieldTypes } from '../src/state-compat/plan-types';

// What Flink 2.2.1's planner answered (EXPLAIN JSON_EXECUTION_PLAN and COMPILE PLAN through the SQL
// Gateway) for a grouped signal and five changes of it; the integration test
// state-compat-ground-truth.test.ts checks the same rules against real restores.
const planned = (name: string): PlannedJob => JSON.parse(readFileSync(join(__dirname, 'fixtures', 'state-compat', `${name}.json`), 'utf8')) as PlannedJob;
const grouped = planned('grouped');

const node = (id: number, type: string, predecessors: [number, string][] = [], parallelism = 1): StreamGraphNode => ({
  id,
  type,
  contents: type,
  parallelism,
  predecessors: predecessors.map(([p, shipStrategy]) => ({ id: p, shipStrategy })),
});

describe('operator ids (StreamGraphHasherV2 mirror)', () => {
  test('ids follow the shape, not the node ids or names: the same graph numbered differently has the same ids', () => {
    const a = identifyOperators([node(1, 'Source: t[1]'), node(2, 'Calc[2]', [[1, 'FORWARD']]), node(3, 'GroupAggregate[4]', [[2, 'HASH']])]);
    const b = identifyOperators([node(40, 'Source: u[9]'), node(41, 'Calc[10]', [[40, 'FORWARD']]), node(45, 'GroupAggregate[12]', [[41, 'HASH']])]);
    expect(a.map((o) => o.operatorId)).toEqual(b.map((o) => o.operatorId));
    expect(a.map((o) => [o.name, o.execNodeId])).toEqual([['Source: t', 1], ['Calc', 2], ['GroupAggregate', 4]]);
  });

  test('a node inserted before an operator changes its id; a chainable edge that becomes a shuffle changes the upstream id', () => {
    const base = identifyOperators([node(1, 'Source: t'), node(2, 'Calc', [[1, 'FORWARD']]), node(3, 'GroupAggregate', [[2, 'HASH']])]);
    const inserted = identifyOperators([node(1, 'Source: t'), node(2, 'Calc', [[1, 'FORWARD']]), node(3, 'Calc', [[2, 'FORWARD']]), node(4, 'GroupAggregate', [[3, 'HASH']])]);
    expect(inserted[0]?.operatorId).toBe(base[0]?.operatorId);
    expect(inserted[3]?.operatorId).not.toBe(base[2]?.operatorId);
    const shuffled = identifyOperators([node(1, 'Source: t'), node(2, 'Calc', [[1, 'REBALANCE']]), node(3, 'GroupAggregate', [[2, 'HASH']])]);
    expect(shuffled[0]?.operatorId).not.toBe(base[0]?.operatorId);
  });

  test('a node waits for all its inputs: a join below two sources is hashed after both', () => {
    const ops = identifyOperators([node(1, 'Source: a'), node(2, 'Source: b'), node(3, 'Join', [[1, 'HASH'], [2, 'HASH']])]);
    expect(new Set(ops.map((o) => o.operatorId)).size).toBe(3);
    expect(ops.every((o) => !o.operatorId.startsWith('unreached'))).toBe(true);
  });

  test('parses the stream graph of a real EXPLAIN', () => {
    expect(parseStreamGraph(grouped.explain).map((n) => n.type.replace(/\[\d+\]/, ''))).toEqual(['Source: trades', 'Calc', 'GroupAggregate', 'ConstraintEnforcer', 'out_g: Writer', 'out_g: Committer']);
  });
});

describe('row types of compiled plans', () => {
  test('string and object forms give the field types without names', () => {
    expect(rowFieldTypes('ROW<`symbol` VARCHAR(2147483647), `m` MAP<STRING, INT>, `d` DECIMAL(10, 2) NOT NULL>')).toEqual(['VARCHAR(2147483647)', 'MAP<STRING, INT>', 'DECIMAL(10, 2) NOT NULL']);
    expect(rowFieldTypes({ type: 'ROW', fields: [{ name: 'a', fieldType: 'BIGINT' }] })).toEqual(['BIGINT']);
  });
});

describe('compareJobPlans on what Flink 2.2 planned', () => {
  test('the same job: compatible, every stateful operator restores', () => {
    const v = compareJobPlans(grouped, grouped);
    expect(v.verdict).toBe('compatible');
    expect(v.operators.map((o) => [o.operator, o.outcome])).toEqual([
      ['Source: trades', 'restores'],
      ['GroupAggregate', 'restores'],
      ['out_g: Writer', 'restores'],
      ['out_g: Committer', 'restores'],
    ]);
  });

  test('a changed filter predicate: compatible', () => {
    expect(compareJobPlans(grouped, planned('filter')).verdict).toBe('compatible');
  });

  test('a group key of another type: incompatible at the GroupAggregate, naming both key types', () => {
    const v = compareJobPlans(grouped, planned('key-type'));
    expect(v).toMatchObject({ verdict: 'incompatible', operator: 'GroupAggregate', reason: 'GroupAggregate: its key changes from (VARCHAR(2147483647)) to (BIGINT)' });
  });

  test('an aggregate added to the list: incompatible, the accumulators differ', () => {
    const v = compareJobPlans(grouped, planned('agg-list'));
    expect(v.operator).toBe('GroupAggregate');
    expect(v.reason).toBe('GroupAggregate: its state changes from $SUM$1(BIGINT): BIGINT; $COUNT$1(): BIGINT NOT NULL to $SUM$1(BIGINT): BIGINT; $COUNT$1(): BIGINT NOT NULL; $AVG$1(DOUBLE): DOUBLE');
  });

  test('a Calc added after the aggregate: the sink Writer\'s id now names another operator', () => {
    const v = compareJobPlans(grouped, planned('out-col'));
    expect(v.verdict).toBe('incompatible');
    expect(v.operators.filter((o) => o.outcome !== 'restores').map((o) => o.operator)).toEqual(['out_g: Writer', 'out_g: Committer']);
  });

  test('an added join: the aggregate\'s state is claimed by no operator', () => {
    const v = compareJobPlans(grouped, planned('join'));
    expect(v).toMatchObject({ verdict: 'incompatible', operator: 'GroupAggregate' });
    expect(v.reason).toContain('no operator of the new job has its operator id');
  });

  test('a window size keeps the window state; TUMBLE made HOP adds the COUNT(*) per slice its local phase sends', () => {
    const tumble = planned('window-tumble-1m');
    expect(compareJobPlans(tumble, planned('window-tumble-2m')).verdict).toBe('compatible');
    const v = compareJobPlans(tumble, planned('window-hop'));
    expect(v).toMatchObject({ verdict: 'incompatible', operator: 'GlobalWindowAggregate' });
    expect(v.reason).toBe('GlobalWindowAggregate: its state changes from rows of the local phase ROW<VARCHAR(2147483647), DOUBLE, BIGINT, BIGINT> to rows of the local phase ROW<VARCHAR(2147483647), DOUBLE, BIGINT, BIGINT, BIGINT>');
  });

  test('output the planner did not give: unknown, not an exception', () => {
    expect(compareJobPlans({ explain: 'nothing', compiledPlan: '{}' }, grouped).verdict).toBe('unknown');
  });
});
