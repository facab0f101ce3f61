import { createHash } from 'node:crypto';

/** One node of Flink's stream graph as `EXPLAIN JSON_EXECUTION_PLAN` prints it. */
export interface StreamGraphNode {
  readonly id: number;
  /** The operator's name, e.g. `GroupAggregate[12]`, `Source: trades[10]`, `signals_vwap[14]: Writer`. */
  readonly type: string;
  readonly contents: string;
  readonly parallelism: number;
  readonly predecessors: readonly { readonly id: number; readonly shipStrategy: string }[];
}

/** A stream graph node with the operator id Flink would give it on submission. */
export interface IdentifiedOperator extends StreamGraphNode {
  /**
   * Stands for Flink's operator id: equal ids in two graphs mean equal Flink operator ids. Flink SQL
   * jobs built from statements (not from a compiled plan) carry no uids (`table.exec.uid.generation`
   * is `PLAN_ONLY`), so the id is StreamGraphHasherV2's: the node's position in a breadth-first walk
   * from the sources (sorted by id), once more per chainable output, folded with its inputs' ids.
   */
  readonly operatorId: string;
  /** The planner's exec node id in the name's brackets (`GroupAggregate[12]` -> 12), if any. */
  readonly execNodeId?: number;
  /** The name without the bracketed exec node id. */
  readonly name: string;
}

interface RawNode {
  id?: unknown;
  type?: unknown;
  contents?: unknown;
  parallelism?: unknown;
  predecessors?: { id?: unknown; ship_strategy?: unknown }[];
}

/**
 * Reads the stream graph JSON from the text of `EXPLAIN JSON_EXECUTION_PLAN` (the part after
 * `== Physical Execution Plan ==`).
 */
export function parseStreamGraph(explainText: string): StreamGraphNode[] {
  const marker = explainText.indexOf('== Physical Execution Plan ==');
  const text = marker < 0 ? explainText : explainText.slice(marker + '== Physical Execution Plan =='.length);
  const start = text.indexOf('{');
  if (start < 0) throw new Error('no stream graph JSON in the EXPLAIN output');
  const raw = JSON.parse(text.slice(start, text.lastIndexOf('}') + 1)) as { nodes?: RawNode[] };
  return (raw.nodes ?? []).map((n) => ({
    id: Number(n.id),
    type: String(n.type ?? ''),
    contents: String(n.contents ?? ''),
    parallelism: Number(n.parallelism ?? 1),
    predecessors: (n.predecessors ?? []).map((p) => ({ id: Number(p.id), shipStrategy: String(p.ship_strategy ?? '') })),
  }));
}

/**
 * Gives every node the id Flink derives for it, mirroring StreamGraphHasherV2: sources sorted by
 * node id start a breadth-first walk; a node is hashed once all its inputs are, from the count of
 * nodes hashed before it (repeated for each chainable output edge) and then its inputs' hashes.
 * Only the shape of the graph counts, never what an operator computes: a changed predicate keeps
 * every id, an added source or operator shifts the ids of everything after it.
 */
export function identifyOperators(nodes: readonly StreamGraphNode[]): IdentifiedOperator[] {
  const outEdges = new Map<number, StreamGraphNode[]>();
  for (const n of [...nodes].sort((a, b) => a.id - b.id)) {
    for (const p of n.predecessors) outEdges.set(p.id, [...(outEdges.get(p.id) ?? []), n]);
  }
  const chainable = (from: StreamGraphNode, to: StreamGraphNode): boolean =>
    to.predecessors.length === 1 && to.predecessors[0]?.shipStrategy === 'FORWARD' && from.parallelism === to.parallelism;
  const hashes = new Map<number, string>();
  const visited = new Set<number>();
  const queue: StreamGraphNode[] = [];
  for (const s of nodes.filter((n) => n.predecessors.length === 0).sort((a, b) => a.id - b.id)) {
    queue.push(s);
    visited.add(s.id);
  }
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    if (node.predecessors.some((p) => !hashes.has(p.id))) {
      visited.delete(node.id); // revisited once its other inputs are hashed
      continue;
    }
    const position = hashes.size;
    const chained = (outEdges.get(node.id) ?? []).filter((child) => chainable(node as StreamGraphNode, child)).length;
    const inputs = node.predecessors.map((p) => hashes.get(p.id) ?? '');
    hashes.set(node.id, createHash('sha1').update(`${position}/${chained}/${inputs.join(',')}`).digest('hex').slice(0, 32));
    for (const child of outEdges.get(node.id) ?? []) {
      if (visited.has(child.id)) continue;
      queue.push(child);
      visited.add(child.id);
    }
  }
  return nodes.map((n) => {
    const bracket = /\[(\d+)\]/.exec(n.type);
    return {
      ...n,
      operatorId: hashes.get(n.id) ?? `unreached-${n.id}`,
      name: n.type.replace(/\[\d+\]/, ''),
      ...(bracket?.[1] === undefined ? {} : { execNodeId: Number(bracket[1]) }),
    };
  });
}
