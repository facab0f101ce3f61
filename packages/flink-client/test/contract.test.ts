import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlinkRestClient, OPERATION_GAPS, SqlGatewayClient } from '@sluice/flink-client';
import { fakeAdapter } from './helpers/fake-adapter';
import type { SeenRequest } from './helpers/fake-adapter';
import { loadSpec, pathRegex, resolveSchema, validateValue } from './helpers/openapi';
import type { SchemaObject, Spec, SpecOperation } from './helpers/openapi';

// Checks the requests the client really sends (captured by an injected adapter) against Flink's
// OpenAPI files: path, method, path/query parameters and JSON request bodies. Response shapes are
// not checked here: the specs are wrong for several of them (see the README).

const JOB = '0123456789abcdef0123456789abcdef';
const VERTEX = 'fedcba9876543210fedcba9876543210';
const TRIGGER = 'aaaabbbbccccddddeeeeffff00001111';
const TM = '10.0.0.5:39581-6f2a1b';
const SH = '11111111-2222-3333-4444-555555555555';
const OH = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const jarDir = mkdtempSync(join(tmpdir(), 'flink-contract-'));
const JAR = join(jarDir, 'job.jar');
writeFileSync(JAR, 'PK');

type RestCall = (c: FlinkRestClient) => Promise<unknown>;
const REST_CALLS: Record<string, RestCall> = {
  shutdownCluster: (c) => c.shutdownCluster(),
  getDashboardConfiguration: (c) => c.getDashboardConfiguration(),
  getClusterOverview: (c) => c.getClusterOverview(),
  getClusterDataSetList: (c) => c.getClusterDataSetList(),
  deleteClusterDataSet: (c) => c.deleteClusterDataSet(JOB),
  getClusterDataSetDeleteStatus: (c) => c.getClusterDataSetDeleteStatus(TRIGGER),
  getClusterConfigurationInfo: (c) => c.getClusterConfigurationInfo(),
  getJobManagerEnvironment: (c) => c.getJobManagerEnvironment(),
  getJobManagerLogList: (c) => c.getJobManagerLogList(),
  getJobManagerMetrics: (c) => c.getJobManagerMetrics({ get: ['Status.JVM.CPU.Load', 'numRunningJobs'] }),
  getJobManagerThreadDump: (c) => c.getJobManagerThreadDump(),
  getTaskManagers: (c) => c.getTaskManagers(),
  getAggregatedTaskManagerMetrics: (c) => c.getAggregatedTaskManagerMetrics({ get: ['Status.JVM.CPU.Load'], agg: ['max', 'skew'], taskmanagers: [TM] }),
  getTaskManagerDetails: (c) => c.getTaskManagerDetails(TM),
  getTaskManagerLogs: (c) => c.getTaskManagerLogs(TM),
  getTaskManagerMetrics: (c) => c.getTaskManagerMetrics(TM, { get: ['Status.JVM.CPU.Load'] }),
  getTaskManagerThreadDump: (c) => c.getTaskManagerThreadDump(TM),
  triggerSavepointDisposal: (c) => c.triggerSavepointDisposal({ 'savepoint-path': 'file:/sp/savepoint-1' }),
  getSavepointDisposalStatus: (c) => c.getSavepointDisposalStatus(TRIGGER),
  getJarList: (c) => c.getJarList(),
  uploadJar: (c) => c.uploadJar(JAR),
  deleteJar: (c) => c.deleteJar('abc_job.jar'),
  generatePlanFromJar: (c) => c.generatePlanFromJar('abc_job.jar', { entryClass: 'a.B', programArgsList: ['--x', '1'], parallelism: 2, jobId: JOB, flinkConfiguration: { 'pipeline.name': 'p' } }),
  submitJobFromJar: (c) => c.submitJobFromJar('abc_job.jar', { entryClass: 'a.B', programArgsList: ['--x', '1'], parallelism: 1, jobId: JOB, savepointPath: 'file:/sp/1', allowNonRestoredState: true, claimMode: 'NO_CLAIM', flinkConfiguration: { 'pipeline.name': 'p' } }),
  getJobIdsWithStatusesOverview: (c) => c.getJobIdsWithStatusesOverview(),
  getJobsOverview: (c) => c.getJobsOverview(),
  getAggregatedJobMetrics: (c) => c.getAggregatedJobMetrics({ get: ['numRestarts'], agg: ['sum'], jobs: [JOB, VERTEX] }),
  getJobDetails: (c) => c.getJobDetails(JOB),
  cancelJob: (c) => c.cancelJob(JOB),
  getJobAccumulators: (c) => c.getJobAccumulators(JOB, { includeSerializedValue: true }),
  triggerHeartbeat: (c) => c.triggerHeartbeat(JOB, { expiredTimestamp: 1_700_000_000_000 }),
  getJobConfig: (c) => c.getJobConfig(JOB),
  getJobExceptions: (c) => c.getJobExceptions(JOB, { maxExceptions: 5, failureLabelFilter: ['type:user'] }),
  getJobExecutionResult: (c) => c.getJobExecutionResult(JOB),
  getJobManagerJobConfiguration: (c) => c.getJobManagerJobConfiguration(JOB),
  getJobManagerJobEnvironment: (c) => c.getJobManagerJobEnvironment(JOB),
  getJobManagerLogUrl: (c) => c.getJobManagerLogUrl(JOB),
  getTaskManagerLogUrl: (c) => c.getTaskManagerLogUrl(JOB, TM),
  getJobMetrics: (c) => c.getJobMetrics(JOB, { get: ['uptime'] }),
  getJobPlan: (c) => c.getJobPlan(JOB),
  getJobStatusInfo: (c) => c.getJobStatusInfo(JOB),
  getJobResourceRequirements: (c) => c.getJobResourceRequirements(JOB),
  updateJobResourceRequirements: (c) => c.updateJobResourceRequirements(JOB, { [VERTEX]: { parallelism: { lowerBound: 1, upperBound: 2 } } }),
  rescaleJob: (c) => c.rescaleJob(JOB, 2),
  getRescalingStatus: (c) => c.getRescalingStatus(JOB, TRIGGER),
  getJobVertexDetails: (c) => c.getJobVertexDetails(JOB, VERTEX),
  getJobVertexAccumulators: (c) => c.getJobVertexAccumulators(JOB, VERTEX),
  getJobVertexBackPressure: (c) => c.getJobVertexBackPressure(JOB, VERTEX),
  getJobVertexFlameGraph: (c) => c.getJobVertexFlameGraph(JOB, VERTEX, { type: 'ON_CPU', subtaskindex: 0 }),
  getJobManagerOperatorMetrics: (c) => c.getJobManagerOperatorMetrics(JOB, VERTEX, { get: ['x'] }),
  getJobVertexMetrics: (c) => c.getJobVertexMetrics(JOB, VERTEX, { get: ['0.numRecordsIn'] }),
  getSubtasksAllAccumulators: (c) => c.getSubtasksAllAccumulators(JOB, VERTEX),
  getAggregatedSubtaskMetrics: (c) => c.getAggregatedSubtaskMetrics(JOB, VERTEX, { get: ['numRecordsIn'], agg: ['avg'], subtasks: ['0', '2-4'] }),
  getSubtaskCurrentAttemptDetails: (c) => c.getSubtaskCurrentAttemptDetails(JOB, VERTEX, 0),
  getSubtaskExecutionAttemptDetails: (c) => c.getSubtaskExecutionAttemptDetails(JOB, VERTEX, 0, 1),
  getSubtaskExecutionAttemptAccumulators: (c) => c.getSubtaskExecutionAttemptAccumulators(JOB, VERTEX, 0, 1),
  getSubtaskMetrics: (c) => c.getSubtaskMetrics(JOB, VERTEX, 0, { get: ['numRecordsIn'] }),
  getSubtasksTimes: (c) => c.getSubtasksTimes(JOB, VERTEX),
  getJobVertexTaskManagers: (c) => c.getJobVertexTaskManagers(JOB, VERTEX),
  getJobVertexWatermarks: (c) => c.getJobVertexWatermarks(JOB, VERTEX),
  getCheckpointingStatistics: (c) => c.getCheckpointingStatistics(JOB),
  triggerCheckpoint: (c) => c.triggerCheckpoint(JOB, { checkpointType: 'FULL', triggerId: TRIGGER }),
  getCheckpointConfig: (c) => c.getCheckpointConfig(JOB),
  getCheckpointStatisticDetails: (c) => c.getCheckpointStatisticDetails(JOB, 7),
  getTaskCheckpointStatistics: (c) => c.getTaskCheckpointStatistics(JOB, 7, VERTEX),
  getCheckpointStatus: (c) => c.getCheckpointStatus(JOB, TRIGGER),
  triggerSavepoint: (c) => c.triggerSavepoint(JOB, { 'target-directory': 's3://sp', 'cancel-job': false, formatType: 'NATIVE', triggerId: TRIGGER }),
  getSavepointStatus: (c) => c.getSavepointStatus(JOB, TRIGGER),
  triggerStopWithSavepoint: (c) => c.triggerStopWithSavepoint(JOB, { targetDirectory: 's3://sp', drain: true, formatType: 'CANONICAL', triggerId: TRIGGER }),
};

type GatewayCall = (c: SqlGatewayClient) => Promise<unknown>;
const GATEWAY_CALLS: Record<string, GatewayCall> = {
  getApiVersion: (c) => c.getApiVersion(),
  getInfo: (c) => c.getInfo(),
  openSession: (c) => c.openSession({ sessionName: 's', properties: { 'execution.runtime-mode': 'batch' } }),
  closeSession: (c) => c.closeSession(SH),
  getSessionConfig: (c) => c.getSessionConfig(SH),
  triggerSession: (c) => c.triggerSession(SH),
  configureSession: (c) => c.configureSession(SH, { statement: "SET 'a' = 'b'" }),
  completeStatement: (c) => c.completeStatement(SH, { statement: 'SEL', position: 3 }),
  executeStatement: (c) => c.executeStatement(SH, { statement: 'SELECT 1', executionConfig: { 'pipeline.name': 'p' } }),
  getOperationStatus: (c) => c.getOperationStatus(SH, OH),
  cancelOperation: (c) => c.cancelOperation(SH, OH),
  closeOperation: (c) => c.closeOperation(SH, OH),
  fetchResults: (c) => c.fetchResults(SH, OH, 0, 'JSON'),
  refreshMaterializedTable: (c) => c.refreshMaterializedTable(SH, 'cat.db.mt', { isPeriodic: true, scheduleTime: '2024-01-01 00:00:00', dynamicOptions: { a: 'b' }, staticPartitions: { p: '1' }, executionConfig: { c: 'd' } }),
  deployScript: (c) => c.deployScript(SH, { script: 'INSERT INTO t SELECT 1;', executionConfig: { a: 'b' } }),
};

function answer(req: SeenRequest): { status: number; body?: unknown } {
  if (req.path.endsWith('/api_versions')) return { status: 200, body: { versions: ['V1', 'V2', 'V3', 'V4'] } };
  if (req.path === '/jars/upload') return { status: 200, body: { filename: '/tmp/abc_job.jar', status: 'success' } };
  return { status: 200, body: {} };
}

// Wire deviation: the specs give ResourceID the JobID pattern (32 hex), but task manager ids are
// free-form, e.g. '127.0.0.1:44937-57a879' on the local stack.
function isResourceId(schema: { $ref?: string } | undefined): boolean {
  return schema?.$ref === '#/components/schemas/ResourceID';
}

/** Problems of a path segment or query item (text on the wire) against its parameter schema. */
function scalarProblems(spec: Spec, what: string, text: string, raw: SchemaObject | undefined): string[] {
  const schema = resolveSchema(spec, raw ?? {});
  const out: string[] = [];
  if (schema.enum !== undefined && !schema.enum.map((e) => e.toUpperCase()).includes(text.toUpperCase())) out.push(`${what}=${text} not in ${schema.enum.join('|')}`);
  if (schema.type === 'integer' && !/^-?\d+$/.test(text)) out.push(`${what}=${text} is not an integer`);
  if (schema.type === 'boolean' && !/^(true|false)$/.test(text)) out.push(`${what}=${text} is not a boolean`);
  if (schema.pattern !== undefined && !isResourceId(raw) && !new RegExp(`^${schema.pattern}$`).test(text)) out.push(`${what}=${text} does not match ${schema.pattern}`);
  return out;
}

/** Problems of one captured request against one spec operation. */
function check(spec: Spec, op: SpecOperation, req: SeenRequest, path: string): string[] {
  const problems: string[] = [];
  if (req.method !== op.method) problems.push(`method ${req.method}, spec ${op.method}`);
  if (!pathRegex(op.path).test(path)) return [...problems, `path ${path} does not match ${op.path}`];
  const templateSegments = op.path.split('/');
  path.split('/').forEach((segment, i) => {
    const name = /^\{(.+)\}$/.exec(templateSegments[i] ?? '')?.[1];
    if (name === undefined) return;
    const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
    if (param === undefined) problems.push(`path parameter ${name} not declared`);
    else problems.push(...scalarProblems(spec, `path ${name}`, decodeURIComponent(segment), param.schema));
  });
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  for (const [name, value] of req.query.entries()) {
    const param = queryParams.find((p) => p.name === name);
    if (param === undefined) {
      problems.push(`query parameter ${name} not in the spec`);
      continue;
    }
    // List-valued query parameters are comma-separated; enums are upper-cased by the server.
    for (const item of value.split(',')) problems.push(...scalarProblems(spec, `query ${name}`, item, param.schema));
  }
  for (const p of queryParams) if (p.required === true && !req.query.has(p.name)) problems.push(`required query parameter ${p.name} missing`);
  const content = op.requestBody?.content;
  if (content === undefined) {
    if (req.body !== undefined) problems.push('sends a body the spec does not declare');
  } else if (content['application/json'] !== undefined) {
    problems.push(...validateValue(spec, req.body ?? {}, content['application/json'].schema, 'body'));
  } else if (content['application/x-java-archive'] !== undefined) {
    // Wire deviation (documented): the server wants multipart with one application/x-java-archive part.
    const part = req.body instanceof FormData ? [...req.body.values()][0] : undefined;
    if (!(part instanceof Blob) || part.type !== 'application/x-java-archive') problems.push('jar upload is not multipart with an application/x-java-archive part');
  }
  return problems;
}

describe('contract: JobManager REST calls against the OpenAPI files', () => {
  const current = loadSpec('flink-2.1_2.2/rest_v1_dispatcher.json');
  const lts = loadSpec('flink-1.20/rest_v1_dispatcher.json');

  test('every operationId of 2.1/2.2 and 1.20 is a client method or a named gap', () => {
    const ids = new Set([...current.operations.keys(), ...lts.operations.keys()]);
    const client = new FlinkRestClient({ baseUrl: 'http://jm:8081' }) as unknown as Record<string, unknown>;
    const missing = [...ids].filter((id) => typeof client[id] !== 'function' && OPERATION_GAPS[id] === undefined);
    expect(missing).toEqual([]);
    expect(Object.keys(REST_CALLS).sort()).toEqual([...ids].filter((id) => OPERATION_GAPS[id] === undefined).sort());
  });

  test.each(Object.keys(REST_CALLS))('%s', async (operationId) => {
    const { adapter, seen } = fakeAdapter(answer);
    await REST_CALLS[operationId]!(new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter }));
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    const problems: string[] = [];
    for (const spec of [current, lts]) {
      const op = spec.operations.get(operationId);
      if (op !== undefined) problems.push(...check(spec, op, req, req.path).map((p) => `${spec.file}: ${p}`));
    }
    expect(current.operations.has(operationId)).toBe(true);
    expect(problems).toEqual([]);
  });
});

describe('contract: SQL Gateway calls against the OpenAPI files', () => {
  const files = ['flink-2.1_2.2/rest_v4_sql_gateway.json', 'flink-2.1_2.2/rest_v3_sql_gateway.json', 'flink-2.1_2.2/rest_v1_sql_gateway.json', 'flink-1.20/rest_v3_sql_gateway.json', 'flink-1.20/rest_v1_sql_gateway.json'];
  const specs = files.map(loadSpec);

  test('every operationId of the gateway specs is a client method', () => {
    const ids = new Set(specs.flatMap((s) => [...s.operations.keys()]));
    expect([...ids].sort()).toEqual(Object.keys(GATEWAY_CALLS).sort());
    const client = new SqlGatewayClient({ baseUrl: 'http://gw:8083' }) as unknown as Record<string, unknown>;
    expect([...ids].filter((id) => typeof client[id] !== 'function')).toEqual([]);
  });

  test.each(Object.keys(GATEWAY_CALLS))('%s', async (operationId) => {
    const { adapter, seen } = fakeAdapter(answer);
    await GATEWAY_CALLS[operationId]!(new SqlGatewayClient({ baseUrl: 'http://gw:8083', adapter }));
    const req = seen[seen.length - 1]!;
    const version = /^\/(v\d)\//.exec(req.path)?.[1];
    const path = req.path.replace(/^\/v\d/, '');
    const problems: string[] = [];
    let matched = 0;
    for (const spec of specs) {
      const op = spec.operations.get(operationId);
      // Each version's file describes the URLs with that prefix (v3 files for /v3, v4 for /v4).
      if (op === undefined || !spec.file.includes(`rest_${version}_`)) continue;
      matched++;
      problems.push(...check(spec, op, req, path).map((p) => `${spec.file}: ${p}`));
    }
    expect(matched).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
