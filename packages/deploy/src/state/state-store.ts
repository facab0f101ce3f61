import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { statementsOfRawSql } from '../run/positioned-statements';
import type { RunnableStatement } from '../run/statement-runner';
import { deployError } from '../error-codes';
import { functionJarsOf, type FunctionJars } from '../state-compat/function-jars';

/** One savepoint Sluice took (before an upgrade, a rollback, a removal, or on request). */
export interface SavepointRecord {
  readonly project: string;
  readonly environment: string;
  readonly signal: string;
  /** The version (SQL hash) of the job that wrote the savepoint; `unknown` when it was deployed elsewhere. */
  readonly version: string;
  readonly jobId: string;
  readonly path: string;
  /** ISO time. */
  readonly time: string;
  /** `recover`: not written by Sluice but restored from by `recoverSignals` (a retained checkpoint or savepoint of `jobId`). */
  readonly reason: 'upgrade' | 'rollback' | 'remove' | 'manual' | 'recover';
}

/** What Sluice last deployed for a signal. */
export interface DeploymentRecord {
  readonly signal: string;
  readonly jobName: string;
  readonly jobId: string;
  readonly version: string;
  readonly via: 'gateway' | 'jar';
  readonly deployedAt: string;
  /** The savepoint the job started from, if any. */
  readonly restoredFrom?: string;
  /**
   * The jar of each function the job registered (SQL name -> `sha256:<hex>`), so an upgrade's state check
   * sees accumulators whose classes changed under the same SQL. Absent in files of older Sluice versions.
   */
  readonly functionJars?: FunctionJars;
}

interface DeploymentsFile {
  /** environment -> signal -> record */
  deployments: Record<string, Record<string, DeploymentRecord>>;
  /** version hash -> SQL text, so diffs know older versions (the hash is of this text). */
  versions: Record<string, string>;
  /** version hash -> the statements deployed (kind, SQL, UDFs), so rollbacks run them as they were; absent in files of older Sluice versions. */
  statements?: Record<string, RunnableStatement[]>;
}

/**
 * The project's local deploy state in its `.sluice/` directory (git-ignored): `savepoints.json`
 * (the savepoint catalog) and `deployments.json` (last deployment per signal and the SQL of every
 * version). The cluster stays the truth about which jobs run; these files remember what Flink
 * cannot tell (the SQL version of a job, where its savepoints are).
 *
 * @example
 * ```ts
 * const store = new StateStore('/repo/.sluice')
 * store.savepoints().filter((s) => s.signal === 'vwap_1m')
 * ```
 */
export class StateStore {
  constructor(readonly dir: string) {}

  /** Every recorded savepoint, oldest first. */
  savepoints(): SavepointRecord[] {
    return this.read<SavepointRecord[]>('savepoints.json', []);
  }

  addSavepoint(record: SavepointRecord): void {
    this.write('savepoints.json', [...this.savepoints(), record]);
  }

  deployment(environment: string, signal: string): DeploymentRecord | undefined {
    return this.deploymentsFile().deployments[environment]?.[signal];
  }

  deployments(environment: string): Record<string, DeploymentRecord> {
    return this.deploymentsFile().deployments[environment] ?? {};
  }

  /**
   * Records what was deployed: the record, the version's text, and its statements (as the runner ran them).
   * With statements, the record keeps the jar identity of the functions they register (unless it has one).
   *
   * @example
   * ```ts
   * store.recordDeployment('dev', record, compiled.sql, compiled.script.statements)
   * ```
   */
  recordDeployment(environment: string, record: DeploymentRecord, sql: string, statements?: readonly RunnableStatement[]): void {
    const file = this.deploymentsFile();
    const jars = record.functionJars ?? (statements === undefined ? undefined : functionJarsOf(statements));
    const recorded: DeploymentRecord = jars === undefined ? record : { ...record, functionJars: jars };
    file.deployments[environment] = { ...(file.deployments[environment] ?? {}), [record.signal]: recorded };
    file.versions[record.version] = sql;
    if (statements !== undefined) {
      file.statements = { ...(file.statements ?? {}), [record.version]: statements.map((st) => ({ kind: st.kind, sql: st.sql, ...(st.udfs === undefined || st.udfs.length === 0 ? {} : { udfs: [...st.udfs] }), ...(st.functions === undefined || st.functions.length === 0 ? {} : { functions: [...st.functions] }) })) };
    }
    this.write('deployments.json', file);
  }

  forgetDeployment(environment: string, signal: string): void {
    const file = this.deploymentsFile();
    if (file.deployments[environment] !== undefined) delete file.deployments[environment][signal];
    this.write('deployments.json', file);
  }

  /** The SQL of a version, when this project deployed it once. */
  sqlOf(version: string): string | undefined {
    return this.deploymentsFile().versions[version];
  }

  /**
   * The statements of a version, when this project deployed it once. A file written before statements
   * were stored has only the text: that old text is split (the one reason deploy splits text).
   *
   * @example
   * ```ts
   * await statementRunner(ctx, 'gateway').run(store.statementsOf(previous.version) ?? [])
   * ```
   */
  statementsOf(version: string): RunnableStatement[] | undefined {
    const file = this.deploymentsFile();
    const stored = file.statements?.[version];
    if (stored !== undefined) return stored;
    const text = file.versions[version];
    return text === undefined ? undefined : statementsOfRawSql(text).map(({ line: _line, column: _column, ...st }) => st);
  }

  private deploymentsFile(): DeploymentsFile {
    const file = this.read<DeploymentsFile>('deployments.json', { deployments: {}, versions: {} });
    return { deployments: file.deployments ?? {}, versions: file.versions ?? {}, ...(file.statements === undefined ? {} : { statements: file.statements }) };
  }

  private read<T>(name: string, fallback: T): T {
    const file = join(this.dir, name);
    if (!existsSync(file)) return fallback;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch (cause) {
      throw deployError('DEPLOY_STATE_CORRUPT', `${file} is not valid JSON`, { cause, details: { file }, suggestion: 'restore it from a backup or fix it by hand (it lists savepoints and deployed versions)' });
    }
  }

  private write(name: string, value: unknown): void {
    if (!existsSync(this.dir)) mkdirSync(this.dir, { recursive: true });
    const ignore = join(this.dir, '.gitignore');
    // The directory holds local state (paths, job ids): keep it out of git whatever the project's .gitignore says.
    if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
    const file = join(this.dir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
    renameSync(tmp, file);
  }
}
