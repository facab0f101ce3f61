import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateOffline, validateOfflineMany } from '@sluice/deploy';

// The planner itself runs in the integration tests (it needs the Flink distribution); these cover the
// failures a user meets before it starts, and that they come as one line with a suggestion.
describe('validateOffline before the planner runs', () => {
  const flinkHome = mkdtempSync(join(tmpdir(), 'sluice-fake-home-'));
  mkdirSync(join(flinkHome, 'lib'));
  writeFileSync(join(flinkHome, 'lib', 'flink-dist-2.2.1.jar'), '');
  writeFileSync(join(flinkHome, 'lib', 'flink-table-planner-loader-2.2.1.jar'), '');

  it('says to build when the plan tool jar is missing', async () => {
    await expect(validateOffline('SELECT 1', { flinkHome, planToolJar: join(flinkHome, 'missing.jar') })).rejects.toMatchObject({
      code: 'DEPLOY_PLAN_TOOL_MISSING',
      suggestion: expect.stringContaining('npm run build'),
    });
  });

  it('says to install Java when there is none', async () => {
    const jar = join(flinkHome, 'lib', 'flink-dist-2.2.1.jar');
    await expect(validateOffline('SELECT 1', { flinkHome, planToolJar: jar, java: join(flinkHome, 'no-java') })).rejects.toMatchObject({
      code: 'DEPLOY_JAVA_MISSING',
      suggestion: expect.stringContaining('JAVA_HOME'),
    });
  });

  it('turns a failing JVM into one line, with the whole stderr in details', async () => {
    // An empty "jar" holds no PlanTool class: java exits 1 and says so.
    const jar = join(flinkHome, 'lib', 'flink-dist-2.2.1.jar');
    const error = await validateOffline('SELECT 1', { flinkHome, planToolJar: jar }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DEPLOY_PLAN_TOOL_FAILED', message: expect.stringContaining('dev.sluice.tools.plan.PlanTool') });
    expect((error as Error).message.split('\n')).toHaveLength(1);
    expect((error as { details: { stderr: string } }).details.stderr).toContain('PlanTool');
  });

  it('answers no verdicts for no scripts without starting a JVM', async () => {
    await expect(validateOfflineMany([], { flinkHome: join(flinkHome, 'nowhere') })).resolves.toEqual([]);
  });
});
