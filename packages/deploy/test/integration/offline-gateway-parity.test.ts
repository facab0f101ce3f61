import { testStackEndpoints } from '@sluice/stack';
import { validateOffline, validateOfflineMany, validateWithGateway, verdictError, type ScriptVerdict } from '@sluice/deploy';
import { PARITY_SCRIPTS } from './parity-scripts';

describe('validateOffline agrees with the SQL Gateway', () => {
  const { sqlGatewayUrl } = testStackEndpoints();
  let offline: ScriptVerdict[] = [];
  const gateway: ScriptVerdict[] = [];

  beforeAll(async () => {
    // One JVM for all scripts (each in its own TableEnvironment); the gateway gets a session per script.
    offline = await validateOfflineMany(PARITY_SCRIPTS.map((s) => s.script));
    for (const { script } of PARITY_SCRIPTS) gateway.push(await validateWithGateway(script, { sqlGatewayUrl }));
  });

  it('gives the same verdict and the same root cause for every statement of every script', () => {
    let statements = 0;
    let rejected = 0;
    for (const [i, { name, valid }] of PARITY_SCRIPTS.entries()) {
      const ours = offline[i];
      const theirs = gateway[i];
      expect({ name, ok: ours?.ok }).toEqual({ name, ok: valid });
      expect({ name, ok: theirs?.ok }).toEqual({ name, ok: valid });
      const pairs = (ours?.statements ?? []).map((s, j) => [s, theirs?.statements[j]] as const);
      expect(ours?.statements.length).toBe(theirs?.statements.length);
      for (const [a, b] of pairs) {
        statements++;
        const view = (s: typeof a | undefined) => ({ script: name, index: s?.index, kind: s?.kind, line: s?.line, ok: s?.ok, rootCause: s?.error?.rootCause, exceptionClass: s?.error?.exceptionClass, errorLine: s?.error?.line, errorColumn: s?.error?.column });
        expect(view(a)).toEqual(view(b));
        if (a.ok) expect(a.kind === 'insert' || a.kind === 'query' || a.kind === 'statement-set' ? a.plan : 'executed').toEqual(expect.stringMatching(/\S/));
        else rejected++;
      }
    }
    // eslint-disable-next-line no-console
    console.log(`offline vs gateway: compared ${PARITY_SCRIPTS.length} scripts, ${statements} statements (${rejected} rejected by both)`);
    expect(PARITY_SCRIPTS.length).toBeGreaterThanOrEqual(20);
  });

  it('names the problem in the root cause, with its position in the script', () => {
    const byName = (name: string) => offline[PARITY_SCRIPTS.findIndex((s) => s.name === name)];
    expect(verdictError(byName('unknown column') as ScriptVerdict)?.message).toMatch(/^line \d+, column \d+: Column 'prise' not found in any table$/);
    expect(byName('missing table')?.statements.find((s) => !s.ok)?.error?.rootCause).toMatch(/tradez/);
    const syntax = byName('syntax error')?.statements.find((s) => !s.ok)?.error;
    // Positions in the text are the script's, like the fields.
    expect(syntax?.rootCause).toBe(`Encountered "trades" at line ${syntax?.line}, column ${syntax?.column}.`);
    expect(byName('updating query into an append-only kafka sink')?.statements.find((s) => !s.ok)?.error?.rootCause).toMatch(/doesn't support consuming update changes/);
    expect(byName('event-time window on a column without watermark')?.statements.find((s) => !s.ok)?.error?.rootCause).toMatch(/time attribute/);
    // The message a person sees is one line; the Java stack stays in details.
    const error = verdictError(byName('unknown function') as ScriptVerdict);
    expect(error?.code).toBe('DEPLOY_INVALID_SQL');
    expect(error?.message.split('\n')).toHaveLength(1);
  });

  it('points at the offending token of a one-line script', async () => {
    const verdict = await validateOffline("CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\n\n  SELECT b FROM t");
    expect(verdict.flinkVersion).toMatch(/^\d+\.\d+/);
    expect(verdict.statements.map((s) => s.ok)).toEqual([true, false]);
    expect(verdict.statements[1]?.error).toMatchObject({ rootCause: "Column 'b' not found in any table", line: 3, column: 10 });
  });
});
