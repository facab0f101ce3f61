import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { FLINK_JOBS_ERROR_CODES, FLINK_JOBS_JARS, jarPath, jarPaths, missingJarSuggestion, planToolJar, sqlRunnerJar, UDF_CATALOG, udfsJar } from '@sluice/flink-jobs';

// Unit tests run after `npm run build` (like packages/deploy's udf-jar test): the jars are there.
describe('@sluice/flink-jobs', () => {
  const root = join(__dirname, '..');

  it('gives absolute paths of the jars inside the package, as its files ship them', () => {
    expect(jarPaths()).toEqual({ 'sql-runner': sqlRunnerJar, 'plan-tool': planToolJar, udfs: udfsJar });
    for (const [name, path] of Object.entries(jarPaths())) {
      expect(isAbsolute(path)).toBe(true);
      expect(path).toBe(join(root, FLINK_JOBS_JARS[name as keyof typeof FLINK_JOBS_JARS]));
      expect(jarPath(name as keyof typeof FLINK_JOBS_JARS)).toBe(path);
    }
    const files = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] }).files;
    expect(files).toEqual(expect.arrayContaining(Object.values(FLINK_JOBS_JARS)));
  });

  it('has every class of the UDF catalog in the built udfs jar', () => {
    // Entry names are stored uncompressed in a zip's central directory.
    const jar = readFileSync(udfsJar);
    expect(UDF_CATALOG.map((f) => f.name)).toEqual(['SLUICE_EMA', 'SLUICE_RSI', 'SLUICE_MACD', 'SLUICE_MACD_SIGNAL', 'SLUICE_MACD_HIST', 'SLUICE_STDDEV_POP']);
    for (const f of UDF_CATALOG) expect(jar.includes(`${f.className.replace(/\./g, '/')}.class`)).toBe(true);
  });

  it('names the entry classes the deploy package runs', () => {
    expect(readFileSync(sqlRunnerJar).includes('dev/sluice/jobs/sql/SqlRunner.class')).toBe(true);
    expect(readFileSync(planToolJar).includes('dev/sluice/tools/plan/PlanTool.class')).toBe(true);
    expect(FLINK_JOBS_ERROR_CODES.FLINK_JOBS_JAR_MISSING.category).toBe('usage');
  });

  it('says how to get a missing jar back: build in a checkout (the installed package has no pom.xml: reinstall)', () => {
    expect(missingJarSuggestion()).toBe('run `npm run build` in the Sluice repository (it builds flink-jobs with Maven)');
  });
});
