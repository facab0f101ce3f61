import { identifyOperators, parseStreamGraph, type IdentifiedOperator } from './stream-graph';
import { aggregateFunctions, execNodeDescriptions, stateShapes, type StateShape } from './compiled-plan';
import type { FunctionJarChanges } from './function-jars';

/** Whether a savepoint of the running job restores into the new one. */
export type StateVerdict = 'compatible' | 'incompatible' | 'unknown';

/** The check's answer for one upgrade. */
export interface StateCompatibility {
  readonly verdict: StateVerdict;
  /** The first operator whose state would not restore (`incompatible`), or whose restore cannot be told (`unknown` for an unrecorded function jar). */
  readonly operator?: string;
  /** Why, in one line. */
  readonly reason: string;
  /** Every operator of the running job that keeps state, and what becomes of it. */
  readonly operators: readonly OperatorStateMatch[];
}

/** One stateful operator of the running job. */
export interface OperatorStateMatch {
  readonly operator: string;
  /** `restores`: an operator of the new job has its id and state of the same types; `unclaimed`: no operator has its id, or only one of another kind; `changed`: its id is kept but its state types change. */
  readonly outcome: 'restores' | 'unclaimed' | 'changed';
  readonly detail?: string;
}

/** What Flink's planner says about one job: its stream graph and its compiled plan. */
export interface PlannedJob {
  /** The text of `EXPLAIN JSON_EXECUTION_PLAN <statement>`. */
  readonly explain: string;
  /** The JSON `COMPILE PLAN ... FOR <statement>` wrote. */
  readonly compiledPlan: string;
}

// Operators of Flink SQL jobs that keep state (keyed, operator or coordinator state), by the name
// the planner gives them; every other operator (Calc, WatermarkAssigner, Exchange, ConstraintEnforcer,
// a LocalWindowAggregate that only buffers until the checkpoint) has none to lose.
const STATEFUL_NAMES = [
  'GroupAggregate', 'GlobalGroupAggregate', 'IncrementalGroupAggregate', 'GroupTableAggregate', 'GroupWindowAggregate',
  'WindowAggregate', 'GlobalWindowAggregate', 'Join', 'IntervalJoin', 'WindowJoin', 'TemporalJoin', 'Deduplicate',
  'WindowDeduplicate', 'Rank', 'WindowRank', 'Limit', 'SortLimit', 'TemporalSort', 'OverAggregate', 'Match',
  'ChangelogNormalize', 'SinkMaterializer', 'PythonGroupAggregate', 'PythonOverAggregate',
];

function isStateful(op: IdentifiedOperator): boolean {
  return op.name.startsWith('Source:') || isSinkPart(op) || STATEFUL_NAMES.includes(op.name.split('(')[0]?.trim() ?? '');
}

interface ReadPlan {
  readonly operators: IdentifiedOperator[];
  readonly shapeOf: (op: IdentifiedOperator) => StateShape | undefined;
  /** The functions whose accumulators the operator keeps (upper case). */
  readonly functionsOf: (op: IdentifiedOperator) => readonly string[];
}

function readPlan(job: PlannedJob): ReadPlan {
  const operators = identifyOperators(parseStreamGraph(job.explain));
  const shapes = stateShapes(job.compiledPlan);
  const functions = aggregateFunctions(job.compiledPlan);
  // An operator's contents is `[<exec node id>]:<description>`; the compiled plan has the same
  // descriptions under other ids. Equal descriptions are paired in order.
  const unpaired = execNodeDescriptions(job.compiledPlan);
  const execIdOf = new Map<number, number>();
  for (const op of [...operators].sort((a, b) => (a.execNodeId ?? 0) - (b.execNodeId ?? 0))) {
    const description = op.contents.replace(/^\[\d+\]:/, '');
    const at = unpaired.findIndex((n) => n.description === description);
    if (at < 0) continue;
    execIdOf.set(op.id, unpaired[at]?.id ?? -1);
    unpaired.splice(at, 1);
  }
  return {
    operators,
    // a sink's Writer and Committer keep the connector's own state whatever the rows look like
    shapeOf: (op) => (isSinkPart(op) ? undefined : shapes.get(execIdOf.get(op.id) ?? -1)),
    functionsOf: (op) => (isSinkPart(op) ? [] : functions.get(execIdOf.get(op.id) ?? -1) ?? []),
  };
}

/** What kind of operator it is, whatever its table: `Source`, `Writer`, `Committer`, `GroupAggregate`, ... */
function kindOf(op: IdentifiedOperator): string {
  if (op.name.startsWith('Source:')) return 'Source';
  if (isSinkPart(op)) return op.name.slice(op.name.lastIndexOf(': ') + 2);
  return op.name.split('(')[0]?.trim() ?? op.name;
}

function isSinkPart(op: IdentifiedOperator): boolean {
  return op.name.endsWith(': Writer') || op.name.endsWith(': Committer');
}

function shapeText(shape: StateShape): string {
  return `${shape.key === undefined ? '' : `key (${shape.key.join(', ')}) `}values (${shape.value.join('; ')})`;
}

function shapeChange(before: StateShape, after: StateShape): string | undefined {
  if (JSON.stringify(before.key ?? null) !== JSON.stringify(after.key ?? null)) return `its key changes from (${(before.key ?? []).join(', ')}) to (${(after.key ?? []).join(', ')})`;
  if (JSON.stringify(before.value) !== JSON.stringify(after.value)) return `its state changes from ${before.value.join('; ')} to ${after.value.join('; ')}`;
  return undefined;
}

/**
 * Compares the running job with the new one the way Flink matches a savepoint on restore (without
 * `allowNonRestoredState`): every stateful operator of the old job needs an operator with the same
 * operator id in the new one (ids follow the graph's shape, see {@link identifyOperators}), and that
 * operator's state serializers must accept the old state (key and value types equal, field for
 * field, nullability included). A state TTL switched on or off is not compared: Flink 2.2 migrates
 * that state (measured: see the ground-truth test).
 *
 * The planner sees the SQL only, with today's jars: with `jars` (how the functions' jars changed since
 * the running version), an operator that keeps accumulators of a function whose jar changed is
 * `changed` (the new classes read the old accumulators: Sluice's UDAFs went from structured to RAW
 * accumulators, which Flink does not restore), and one whose function's old jar is not recorded
 * makes the verdict `unknown` unless something else is already incompatible. Scalar functions keep
 * no state: their jar may change freely.
 *
 * @example
 * ```ts
 * const verdict = compareJobPlans(await planJob(gateway, oldStatements), await planJob(gateway, newStatements))
 * if (verdict.verdict === 'incompatible') console.log(verdict.operator, verdict.reason)
 * ```
 */
export function compareJobPlans(before: PlannedJob, after: PlannedJob, jars?: FunctionJarChanges): StateCompatibility {
  let old: ReadPlan;
  let next: ReadPlan;
  try {
    old = readPlan(before);
    next = readPlan(after);
  } catch (error) {
    return { verdict: 'unknown', reason: `the planner's output could not be read: ${error instanceof Error ? error.message : String(error)}`, operators: [] };
  }
  const byId = new Map(next.operators.map((o) => [o.operatorId, o]));
  const operators: OperatorStateMatch[] = old.operators.filter(isStateful).map((op) => {
    const counterpart = byId.get(op.operatorId);
    if (counterpart === undefined) return { operator: op.name, outcome: 'unclaimed', detail: 'no operator of the new job has its operator id (the job graph changed at or before it)' };
    // The id now names another kind of operator, which never reads this state: Flink hands it over and it is
    // dropped, as state no operator claims is (measured: an Avro source whose columns changed moved the sink
    // Writer's id to a Calc, and the restore with allowNonRestoredState went through).
    if (kindOf(counterpart) !== kindOf(op)) return { operator: op.name, outcome: 'unclaimed', detail: `its operator id now belongs to ${counterpart.name}, which does not take its state` };
    const a = old.shapeOf(op);
    const b = next.shapeOf(counterpart);
    if (a !== undefined && b !== undefined) {
      const change = shapeChange(a, b);
      if (change !== undefined) return { operator: op.name, outcome: 'changed', detail: change };
    }
    const jarChanged = old.functionsOf(op).find((f) => jars?.changed.has(f));
    if (jars !== undefined && jarChanged !== undefined) {
      return { operator: op.name, outcome: 'changed', detail: `its state holds accumulators of ${jarChanged}, and its jar changed since ${jars.since} (${jars.changed.get(jarChanged) ?? ''}): the new classes would have to read what the old ones wrote` };
    }
    return a !== undefined && b !== undefined ? { operator: op.name, outcome: 'restores', detail: shapeText(a) } : { operator: op.name, outcome: 'restores' };
  });
  const broken = operators.find((o) => o.outcome !== 'restores');
  if (broken !== undefined) return { verdict: 'incompatible', operator: broken.operator, reason: `${broken.operator}: ${broken.detail ?? broken.outcome}`, operators };
  const unrecorded = old.operators.filter(isStateful).flatMap((op) => old.functionsOf(op).filter((f) => jars?.unrecorded.has(f)).map((f) => ({ op, f })))[0];
  if (jars !== undefined && unrecorded !== undefined) {
    return {
      verdict: 'unknown',
      operator: unrecorded.op.name,
      reason: `${unrecorded.op.name} keeps accumulators of ${unrecorded.f}, and the jar version ${jars.since} ran with is not recorded (deployed by a Sluice before jar identities were kept, or its jar was missing): whether they restore with today's jar is unknown (Sluice's UDAFs changed their accumulators once)`,
      operators,
    };
  }
  return { verdict: 'compatible', reason: `the state of ${operators.length} operator${operators.length === 1 ? '' : 's'} (${operators.map((o) => o.operator).join(', ')}) restores`, operators };
}
