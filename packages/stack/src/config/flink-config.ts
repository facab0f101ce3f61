import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { StackOptions } from '../options';
import type { StackLayout } from '../layout';

/** Reads `env.java.opts.all` (nested or flat) from the distribution's shipped config. */
export function shippedJavaOpts(configYaml: string): string | undefined {
  const config: unknown = parse(configYaml);
  if (config === null || typeof config !== 'object') return undefined;
  const record = config as Record<string, unknown>;
  const flat = record['env.java.opts.all'];
  if (typeof flat === 'string') return flat;
  const nested = (((record.env as Record<string, unknown> | undefined)?.java as Record<string, unknown> | undefined)?.opts as
    | Record<string, unknown>
    | undefined)?.all;
  return typeof nested === 'string' ? nested : undefined;
}

/** The settings this stack gives Flink (flat keys; Flink's YAML parser accepts them on 1.19+ and 2.x). */
export function flinkSettings(options: StackOptions, layout: StackLayout, javaOpts: string | undefined): Record<string, string | number | boolean> {
  const { host, ports } = options;
  const settings: Record<string, string | number | boolean> = {
    // The shipped --add-opens list is what makes Flink run on Java 17+.
    ...(javaOpts === undefined ? {} : { 'env.java.opts.all': javaOpts }),
    'env.java.opts.sql-gateway': `-Xmx${options.memory.sqlGateway}`,
    // Flink's scripts write their own pid files here; ours are in run/.
    'env.pid.dir': layout.flinkPidDir,
    'env.log.dir': layout.logDir,
    'io.tmp.dirs': layout.flinkTmpDir,
    'web.upload.dir': layout.flinkUploadDir,
    'jobmanager.bind-host': host,
    'jobmanager.rpc.address': host,
    'jobmanager.rpc.port': ports.jobmanagerRpc,
    'jobmanager.memory.process.size': options.memory.jobmanager,
    'jobmanager.execution.failover-strategy': 'region',
    'taskmanager.bind-host': host,
    'taskmanager.host': host,
    'taskmanager.numberOfTaskSlots': options.taskSlots,
    'taskmanager.memory.process.size': options.memory.taskmanager,
    // Many short SQL and jar jobs load classes into one TaskManager.
    'taskmanager.memory.jvm-metaspace.size': '512m',
    'parallelism.default': 1,
    // A killed TaskManager stays registered until its heartbeat times out, and a restarted job is
    // deployed into its dead slots and waits that long (the fault bench saw restart -> +20 s -> restart
    // with 20 s); a TaskManager likewise notices a restarted JobManager only then (50 s by default).
    // 10 s halves that wait and is still generous for a GC pause on one machine (issue 16). Heartbeat
    // RPCs that fail outright (2 in a row) count too.
    'heartbeat.interval': 1000,
    'heartbeat.timeout': 10000,
    'heartbeat.rpc-failure-threshold': 2,
    // The REST API's task metrics (records in/out, the source's numRecordsOut) are at most this old:
    // Flink's 10 s default quantises `sluice status`, the dashboard's rates and bench:e2e's throughput,
    // which reads a backlog in about that time. Fetches happen only when the REST API is asked.
    'metrics.fetcher.update-interval': 1000,
    // Defaults for jobs that do not set their own (Sluice's compiled signals do the same per job):
    // checkpoints outlive the job, restarts begin after 0.5 s and back off to 30 s.
    'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
    'restart-strategy.type': 'exponential-delay',
    'restart-strategy.exponential-delay.initial-backoff': '500 ms',
    'restart-strategy.exponential-delay.max-backoff': '30 s',
    // With several TaskManagers, a job's slots are spread over them rather than filling the first one
    // (Flink's default): two TaskManagers are asked for to use two JVMs (bench:e2e's scale runs, issue 17).
    ...(options.taskManagers > 1 ? { 'taskmanager.load-balance.mode': 'SLOTS' } : {}),
    // Flame graphs of a job vertex (/jobs/:id/vertices/:vid/flamegraph, the web UI's tab): bench:e2e cites
    // the on-CPU frames of each signal's bottleneck vertex as the measured cause of its throughput (issue 17).
    // Stack samples are taken only while a flame graph is asked for. 400 samples 20 ms apart (8 s, Flink's
    // default is 100 x 50 ms): a back-pressured task thread is on CPU in few of them, and 100 left the
    // indicators' OVER vertex with 23 on-CPU samples, too few to rank its frames.
    'rest.flamegraph.enabled': true,
    'rest.flamegraph.num-samples': 400,
    'rest.flamegraph.delay-between-samples': '20 ms',
    'rest.address': host,
    'rest.bind-address': host,
    'rest.port': ports.flinkRest,
    'execution.target': 'remote',
    'execution.checkpointing.dir': `file://${layout.checkpointDir}`,
    'execution.checkpointing.savepoint-dir': `file://${layout.savepointDir}`,
    // Pre-2.0 names of the same two settings; a release ignores keys it does not know.
    'state.checkpoints.dir': `file://${layout.checkpointDir}`,
    'state.savepoints.dir': `file://${layout.savepointDir}`,
    'sql-gateway.endpoint.rest.address': host,
    'sql-gateway.endpoint.rest.bind-address': host,
    'sql-gateway.endpoint.rest.port': ports.sqlGateway,
    // Prometheus scrapes each Flink process (issue 17): a range, as the JobManager and TaskManager (and a
    // second stack's) each take one port of it; the jar ships in the Flink home's plugins/metrics-prometheus.
    ...(options.prometheusPorts === 'none'
      ? {}
      : { 'metrics.reporter.prom.factory.class': 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory', 'metrics.reporter.prom.port': options.prometheusPorts }),
  };
  return settings;
}

/** Writes this stack's own Flink conf dir (FLINK_CONF_DIR): config.yaml plus the shipped log4j files. */
export async function writeFlinkConfig(options: StackOptions, layout: StackLayout, flinkHome: string): Promise<void> {
  const shippedConf = join(flinkHome, 'conf');
  const javaOpts = shippedJavaOpts(await readFile(join(shippedConf, 'config.yaml'), 'utf8'));
  await mkdir(layout.flinkConfDir, { recursive: true });
  for (const dir of [layout.flinkTmpDir, layout.flinkUploadDir, layout.checkpointDir, layout.savepointDir]) {
    await mkdir(dir, { recursive: true });
  }
  for (const name of await readdir(shippedConf)) {
    if (name.startsWith('log4j') || name.startsWith('logback')) await copyFile(join(shippedConf, name), join(layout.flinkConfDir, name));
  }
  const lines = Object.entries(flinkSettings(options, layout, javaOpts)).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  await writeFile(join(layout.flinkConfDir, 'config.yaml'), `# Written by @sluice/stack; rewritten on every start.\n${lines.join('\n')}\n`);
}
