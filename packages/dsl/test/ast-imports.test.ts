import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The AST is plain data: its files import only other AST files, the type model and the dialect's
// Duration, never the builders (relational/, expr/, signal) that produce it.
const SRC = join(__dirname, '..', 'src');

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1] ?? '');
}

describe('the AST imports nothing from the builders', () => {
  test('every import of src/ast is another AST file, the type model or the dialect', () => {
    const files = readdirSync(join(SRC, 'ast')).filter((f) => f.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(['expr-node.ts', 'rel-node.ts', 'source-node.ts']));
    const outside = files.flatMap((f) => importsOf(join(SRC, 'ast', f)).filter((spec) => !/^\.\/[\w-]+$|^\.\.\/types\/[\w-]+$|^\.\.\/dialect$/.test(spec)).map((spec) => `${f}: ${spec}`));
    expect(outside).toEqual([]);
  });

  test('the dialect the AST names imports only the type model and the errors', () => {
    expect(importsOf(join(SRC, 'dialect.ts')).filter((spec) => !/^\.\/types\/[\w-]+$|^\.\/errors$|^\.\/error-codes$/.test(spec))).toEqual([]);
  });
});

// Value imports (what runs at load time; `import type` is erased) of every file of src.
function valueImports(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        const specs = [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gm)].map((m) => m[1] ?? '');
        graph.set(file, specs.map((spec) => join(dir, `${spec}.ts`)));
      }
    }
  };
  walk(SRC);
  return graph;
}

describe('the builders load without an import ring', () => {
  test('no file of src reaches itself through value imports (query.ts and its builders, signal.ts included)', () => {
    const graph = valueImports();
    const rings: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done' || !graph.has(file)) return;
      if (state.get(file) === 'open') {
        rings.push([...path.slice(path.indexOf(file)), file].map((f) => f.slice(SRC.length + 1)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(rings).toEqual([]);
  });
});
