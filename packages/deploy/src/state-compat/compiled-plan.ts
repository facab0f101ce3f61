import { rowFieldTypes, typeText } from './plan-types';

/** What the state of one exec node holds, as far as Flink's state serializers compare it. */
export interface StateShape {
  /** The exec node's type without its version, e.g. `stream-exec-group-aggregate`. */
  readonly node: string;
  /** The key's field types (the grouping of an aggregate), when the node has one. */
  readonly key?: readonly string[];
  /** The types the state's values are made of: aggregate calls over their argument types, or the input rows an operator keeps. */
  readonly value: readonly string[];
}

interface RawExecNode {
  id?: unknown;
  type?: unknown;
  outputType?: unknown;
  grouping?: unknown;
  aggCalls?: { internalName?: unknown; argList?: unknown; distinct?: unknown; type?: unknown }[];
  aggCallNeedRetractions?: unknown;
  windowing?: unknown;
}

/**
 * The state shape of every exec node of a compiled plan (`COMPILE PLAN ... FOR <INSERT>`), by exec node
 * id. Aggregates keep accumulators per key: their shape is the key's types and each call with its
 * argument types and result type (an accumulator's type follows from these), and whether it retracts.
 * Other stateful nodes (joins, ranks, deduplication, OVER, MATCH_RECOGNIZE, changelog normalize,
 * the upsert materializer of a sink) keep their input rows: their shape is the input row types.
 */
export function stateShapes(compiledPlanJson: string): Map<number, StateShape> {
  const plan = JSON.parse(compiledPlanJson) as { nodes?: RawExecNode[]; edges?: { source?: unknown; target?: unknown }[] };
  const nodes = new Map((plan.nodes ?? []).map((n) => [Number(n.id), n]));
  const inputsOf = (id: number): string[][] =>
    (plan.edges ?? []).filter((e) => Number(e.target) === id).map((e) => rowFieldTypes(nodes.get(Number(e.source))?.outputType));
  const shapes = new Map<number, StateShape>();
  for (const [id, n] of nodes) {
    const node = String(n.type ?? '').replace(/_\d+$/, '');
    const inputs = inputsOf(id);
    if (node.includes('-global-') && node.includes('aggregate')) {
      // The global phase keeps exactly what the local phase sends it: keys, accumulators (with any
      // the planner inserts, e.g. a COUNT(*) per slice for HOP windows) and the slice end.
      const input = inputs[0] ?? [];
      const grouping = Array.isArray(n.grouping) ? (n.grouping as unknown[]).map((i) => input[Number(i)] ?? `?${String(i)}`) : undefined;
      shapes.set(id, { node, ...(grouping === undefined ? {} : { key: grouping }), value: [`rows of the local phase ROW<${input.join(', ')}>`] });
    } else if (Array.isArray(n.aggCalls) && !node.includes('over-aggregate')) {
      const input = inputs[0] ?? [];
      const grouping = Array.isArray(n.grouping) ? (n.grouping as unknown[]).map((i) => input[Number(i)] ?? `?${String(i)}`) : undefined;
      const retract = Array.isArray(n.aggCallNeedRetractions) ? (n.aggCallNeedRetractions as unknown[]) : [];
      const value = n.aggCalls.map((c, i) => {
        const args = Array.isArray(c.argList) ? (c.argList as unknown[]).map((a) => input[Number(a)] ?? `?${String(a)}`) : [];
        return `${String(c.internalName ?? '?')}(${c.distinct === true ? 'DISTINCT ' : ''}${args.join(', ')}): ${typeText(c.type)}${retract[i] === true ? ' retracting' : ''}`;
      });
      // A one-phase window aggregate over HOP windows also counts rows per slice (as the local phase shows).
      const hopping = (n.windowing as { window?: { type?: unknown } } | undefined)?.window?.type === 'HoppingWindow';
      shapes.set(id, { node, ...(grouping === undefined ? {} : { key: grouping }), value: hopping ? [...value, 'COUNT(*) per slice'] : value });
    } else {
      shapes.set(id, { node, value: inputs.map((types) => `ROW<${types.join(', ')}>`) });
    }
  }
  return shapes;
}

/**
 * The exec node descriptions of a compiled plan, in id order: an EXPLAIN of the same statement shows
 * the same text in each operator's `contents` (after `[<id>]:`), while the ids themselves differ
 * (the planner's node counter is shared by every session of the gateway).
 */
export function execNodeDescriptions(compiledPlanJson: string): { readonly id: number; readonly description: string }[] {
  const nodes = (JSON.parse(compiledPlanJson) as { nodes?: { id?: unknown; description?: unknown }[] }).nodes ?? [];
  return nodes.map((n) => ({ id: Number(n.id), description: String(n.description ?? '') })).sort((a, b) => a.id - b.id);
}

/**
 * The functions whose accumulators each exec node keeps, by exec node id: the names (upper case) of the
 * calls in its `aggCalls` (a group or window aggregate's, or an OVER aggregate's groups'). A catalog
 * function is written `` `catalog`.`database`.`NAME` ``, a system one by its name; built-ins
 * (`$SUM$1`) are kept as written. Functions used elsewhere (a Calc's projection, a join condition)
 * keep no state of their own.
 */
export function aggregateFunctions(compiledPlanJson: string): Map<number, string[]> {
  const nodes = (JSON.parse(compiledPlanJson) as { nodes?: { id?: unknown }[] }).nodes ?? [];
  const byNode = new Map<number, string[]>();
  for (const n of nodes) {
    const names = new Set<string>();
    collectAggCalls(n, names);
    if (names.size > 0) byNode.set(Number(n.id), [...names]);
  }
  return byNode;
}

function collectAggCalls(value: unknown, names: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectAggCalls(v, names);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'aggCalls' && Array.isArray(v)) {
      for (const call of v as { catalogName?: unknown; systemName?: unknown; internalName?: unknown }[]) {
        const raw = call.catalogName ?? call.systemName ?? call.internalName;
        if (typeof raw !== 'string') continue;
        const parts = raw.split('.');
        names.add((parts[parts.length - 1] ?? raw).replace(/`/g, '').toUpperCase());
      }
    } else collectAggCalls(v, names);
  }
}
