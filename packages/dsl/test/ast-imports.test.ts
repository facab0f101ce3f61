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
