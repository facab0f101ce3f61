import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SPEC_ROOT } from './helpers/openapi';

// The repository carries a facts-only extract of Flink's OpenAPI files so that the contract tests need
// nothing beside the repository. The re-run check needs the full files and runs only when
// SLUICE_FLINK_OPENAPI_DIR names them: no test looks outside the repository by itself.
const SCRIPT = resolve(__dirname, '../scripts/extract-openapi.js');
const FULL = process.env.SLUICE_FLINK_OPENAPI_DIR ?? '';
const EXPECTED_FILES = [
  'flink-1.20/rest_v1_dispatcher.json',
  'flink-1.20/rest_v1_sql_gateway.json',
  'flink-1.20/rest_v2_sql_gateway.json',
  'flink-1.20/rest_v3_sql_gateway.json',
  'flink-2.0/rest_v1_dispatcher.json',
  'flink-2.0/rest_v1_sql_gateway.json',
  'flink-2.0/rest_v2_sql_gateway.json',
  'flink-2.0/rest_v3_sql_gateway.json',
  'flink-2.0/rest_v4_sql_gateway.json',
  'flink-2.1_2.2/rest_v1_dispatcher.json',
  'flink-2.1_2.2/rest_v1_sql_gateway.json',
  'flink-2.1_2.2/rest_v2_sql_gateway.json',
  'flink-2.1_2.2/rest_v3_sql_gateway.json',
  'flink-2.1_2.2/rest_v4_sql_gateway.json',
];
const NAME_MAPS = new Set(['paths', 'schemas', 'properties', 'content', 'responses', 'mapping']);
const PROSE = ['description', 'summary', 'example', 'examples', 'externalDocs', 'contact'];

function extractFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(root, d.name)).map((f) => `${d.name}/${f}`))
    .sort();
}

/** Prose keywords, and strings with whitespace (prose-like) outside `info`, with where they are. */
function proseIn(node: unknown, at: string, parentKey: string | undefined): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => proseIn(item, `${at}[${i}]`, undefined));
  if (typeof node === 'string') return /\s/.test(node) && !at.startsWith('$.info.') ? [`${at}: "${node}"`] : [];
  if (node === null || typeof node !== 'object') return [];
  const isNameMap = parentKey !== undefined && NAME_MAPS.has(parentKey);
  return Object.entries(node).flatMap(([key, value]) => [
    ...(!isNameMap && PROSE.includes(key) ? [`${at}.${key}`] : []),
    ...proseIn(value, `${at}.${key}`, isNameMap ? undefined : key),
  ]);
}

describe('the OpenAPI extract in the repository', () => {
  it('holds every Flink line and API version the contract tests and coverage script read', () => {
    expect(extractFiles(SPEC_ROOT)).toEqual(EXPECTED_FILES);
  });

  it.each(EXPECTED_FILES)('%s holds operations and schemas but no description text', (file) => {
    const doc = JSON.parse(readFileSync(join(SPEC_ROOT, file), 'utf8')) as {
      paths: Record<string, Record<string, { operationId?: string; responses?: object }>>;
      components: { schemas: Record<string, unknown> };
    };
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    expect(operations.length).toBeGreaterThan(5);
    for (const op of operations) {
      expect(typeof op.operationId).toBe('string');
      expect(op.responses).toBeDefined();
    }
    expect(Object.keys(doc.components.schemas).length).toBeGreaterThan(5);
    expect(proseIn(doc, '$', undefined)).toEqual([]);
  });

  it('keeps a schema property whose name is "description" (a name, not prose)', () => {
    const doc = JSON.parse(readFileSync(join(SPEC_ROOT, 'flink-2.1_2.2/rest_v1_dispatcher.json'), 'utf8')) as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.components.schemas.JarEntryInfo?.properties).toEqual({ description: { type: 'string' }, name: { type: 'string' } });
  });

  const full = FULL !== '' && existsSync(FULL);
  const withFull = full ? it : it.skip;
  withFull(
    full
      ? 're-running scripts/extract-openapi.js on the full files in SLUICE_FLINK_OPENAPI_DIR gives the same bytes'
      : 're-running scripts/extract-openapi.js gives the same bytes (skipped: set SLUICE_FLINK_OPENAPI_DIR to the folder of Flink\'s full OpenAPI files)',
    () => {
      const out = mkdtempSync(join(tmpdir(), 'sluice-openapi-extract-'));
      try {
        execFileSync(process.execPath, [SCRIPT, FULL, out], { stdio: 'pipe' });
        expect(extractFiles(out)).toEqual(EXPECTED_FILES);
        for (const file of EXPECTED_FILES) {
          expect({ file, bytes: readFileSync(join(out, file), 'utf8') }).toEqual({ file, bytes: readFileSync(join(SPEC_ROOT, file), 'utf8') });
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    // A child node parsing 14 YAML files: about 1 s of CPU, far longer on a loaded machine.
    120_000,
  );
});
