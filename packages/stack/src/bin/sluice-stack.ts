#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SluiceError } from '@sluice/errors';
import { fetchArtifacts } from '../artifacts/fetch-artifacts';
import { resolveStackOptions, STACK_SASL_MECHANISMS, STACK_SASL_USER, type StackEndpoints, type StackOptionsInput } from '../options';
import { stackDown, stackStatus, stackUp } from '../stack';
import { stackError } from '../error-codes';

const HELP = `sluice-stack: a real local Kafka + Flink session cluster + SQL Gateway, without Docker

Usage: sluice-stack <command> [options]

Commands:
  up       fetch what is missing, start every part, wait until each is healthy (no-op when running)
  down     stop exactly the processes this stack started (also cleans up after a crash)
  status   show each part: pid, running, healthy, endpoint, log file
  fetch    only download and verify the distributions (useful to warm a CI cache)

Options:
  --flink-version <v>     Flink release (default 2.2.1; 1.20.3 also works)    env SLUICE_FLINK_VERSION
  --kafka-connector-version <v>  flink-sql-connector-kafka release (default: the one built for the
                          Flink line: 5.0.0-2.2 for 2.2.x, 3.4.0-1.20 for 1.20.x)  env SLUICE_KAFKA_CONNECTOR_VERSION
  --jdbc-connector-version <v>   flink-connector-jdbc release put in lib/ with the PostgreSQL dialect and
                          driver, for lookup joins (default 4.0.0-2.0 for 2.x, 3.3.0-1.20 for 1.20;
                          none to leave it out)                                env SLUICE_JDBC_CONNECTOR_VERSION
  --kafka-version <v>     Kafka broker release (default 4.3.1)                env SLUICE_KAFKA_VERSION
  --kafka-port <n>        Kafka listener (default 9092)
  --controller-port <n>   Kafka KRaft controller (default 9093)
  --sasl-port <n>         Kafka SASL_PLAINTEXT listener: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 as user
                          ${STACK_SASL_USER} (password: STACK_SASL_PASSWORD of @sluice/stack) (default 9094)
  --ssl-port <n>          Kafka SSL listener, self-signed certificate made at the first start; its PEM
                          is <state dir>/kafka/tls/ca.pem (default 9095)
  --rest-port <n>         Flink REST / web UI (default 8081)
  --rpc-port <n>          Flink JobManager RPC (default 6123)
  --gateway-port <n>      Flink SQL Gateway (default 8083)
  --registry-port <n>     Apicurio Registry, Confluent-compatible API under /apis/ccompat/v7 (default 8085)
  --slots <n>             slots of each TaskManager (default 4)
  --taskmanagers <n>      TaskManager processes (default 1), each with its own resource id, log
                          (logs/taskmanager.log, taskmanager-2.log, ...) and pid; up waits for every one
                          to register, restarts any that died; status lists each; down stops all.
                          Each takes --tm-memory                                  env SLUICE_TASKMANAGERS
  --prometheus-ports <r>  turn on Flink's Prometheus reporter on a port range, e.g. 9249-9259: the
                          JobManager takes the first free port, the TaskManager the next (default none:
                          off, as it listens on every interface)                 env SLUICE_PROMETHEUS_PORTS
  --tm-memory <size>      process size of each TaskManager (default 4096m)
  --jm-memory <size>      JobManager process size (default 1600m)
  --state-dir <dir>       configs, logs, data, pid files (default ./.sluice/stack)   env SLUICE_STACK_DIR
  --cache-dir <dir>       downloads (default ~/.cache/sluice)                        env SLUICE_CACHE_DIR
  --purge                 with down: also delete the state dir (Kafka data, savepoints, logs)
  --json                  print the result as JSON
  -h, --help              this text
  -V, --version           print the version

Examples:
  sluice-stack up                         start on the default ports
  sluice-stack up --rest-port 18081       Flink REST on another port
  sluice-stack up --taskmanagers 2        two TaskManager JVMs (a job of parallelism > slots spreads over both)
  sluice-stack status --json
  sluice-stack down --purge
`;

function portOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port)) throw stackError('STACK_INVALID_OPTION', `--${name} must be a number, got "${value}"`, { suggestion: 'see sluice-stack --help' });
  return port;
}

/** Where each endpoint is, one line each; the SASL line names the user and mechanisms, never the password. */
function endpointLines(endpoints: StackEndpoints): string {
  const missing = 'none (broker started before the stack had one; restart it to get one)';
  const sasl = endpoints.kafkaSaslBrokers === undefined ? missing : `${endpoints.kafkaSaslBrokers.join(',')} (user ${STACK_SASL_USER}; ${STACK_SASL_MECHANISMS.join(', ')})`;
  const ssl = endpoints.kafkaSslBrokers === undefined ? missing : `${endpoints.kafkaSslBrokers.join(',')} (CA ${endpoints.kafkaSslCaFile ?? '?'})`;
  return `  Kafka        ${endpoints.kafkaBrokers.join(',')}\n  Kafka SASL   ${sasl}\n  Kafka SSL    ${ssl}\n  Flink REST   ${endpoints.flinkRestUrl}\n  SQL Gateway  ${endpoints.sqlGatewayUrl}\n  Registry     ${endpoints.schemaRegistryUrl ?? 'none (stack started before it had one; npm run stack:up starts it)'}\n`;
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'flink-version': { type: 'string' },
      'kafka-version': { type: 'string' },
      'kafka-connector-version': { type: 'string' },
      'jdbc-connector-version': { type: 'string' },
      'kafka-port': { type: 'string' },
      'controller-port': { type: 'string' },
      'sasl-port': { type: 'string' },
      'ssl-port': { type: 'string' },
      'rest-port': { type: 'string' },
      'rpc-port': { type: 'string' },
      'gateway-port': { type: 'string' },
      'registry-port': { type: 'string' },
      slots: { type: 'string' },
      taskmanagers: { type: 'string' },
      'prometheus-ports': { type: 'string' },
      'tm-memory': { type: 'string' },
      'jm-memory': { type: 'string' },
      'state-dir': { type: 'string' },
      'cache-dir': { type: 'string' },
      purge: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
    },
  });
}

/** This package's version, from its package.json (src/bin and dist/bin are both two levels below it). */
function stackVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null ? (manifest as { version?: unknown }).version : undefined;
  return typeof version === 'string' ? version : '0.0.0';
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw stackError('STACK_INVALID_OPTION', error instanceof Error ? error.message : String(error), { suggestion: 'see sluice-stack --help' });
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.version === true) {
    process.stdout.write(`${stackVersion()}\n`);
    return 0;
  }
  if (values.help === true || command === undefined) {
    process.stdout.write(HELP);
    return command === undefined && values.help !== true ? 2 : 0;
  }
  const ports: NonNullable<StackOptionsInput['ports']> = {};
  const portFlags = { kafka: 'kafka-port', kafkaController: 'controller-port', kafkaSasl: 'sasl-port', kafkaSsl: 'ssl-port', flinkRest: 'rest-port', jobmanagerRpc: 'rpc-port', sqlGateway: 'gateway-port', registry: 'registry-port' } as const;
  for (const [key, flag] of Object.entries(portFlags)) {
    const port = portOption(values[flag], flag);
    if (port !== undefined) ports[key as keyof typeof portFlags] = port;
  }
  const input: StackOptionsInput = { ports, memory: {} };
  if (values['flink-version'] !== undefined) input.flinkVersion = values['flink-version'];
  if (values['kafka-version'] !== undefined) input.kafkaVersion = values['kafka-version'];
  if (values['kafka-connector-version'] !== undefined) input.kafkaConnectorVersion = values['kafka-connector-version'];
  if (values['jdbc-connector-version'] !== undefined) input.jdbcConnectorVersion = values['jdbc-connector-version'];
  if (values.slots !== undefined) input.taskSlots = Number(values.slots);
  if (values.taskmanagers !== undefined) {
    const count = Number(values.taskmanagers);
    if (!Number.isInteger(count)) throw stackError('STACK_INVALID_OPTION', `--taskmanagers must be a whole number, got "${values.taskmanagers}"`, { suggestion: 'e.g. --taskmanagers 2 (see sluice-stack --help)' });
    input.taskManagers = count;
  }
  if (values['prometheus-ports'] !== undefined) input.prometheusPorts = values['prometheus-ports'];
  if (values['tm-memory'] !== undefined) input.memory = { ...input.memory, taskmanager: values['tm-memory'] };
  if (values['jm-memory'] !== undefined) input.memory = { ...input.memory, jobmanager: values['jm-memory'] };
  if (values['state-dir'] !== undefined) input.stateDir = values['state-dir'];
  if (values['cache-dir'] !== undefined) input.cacheDir = values['cache-dir'];
  const json = values.json === true;
  const progress = json ? () => undefined : (message: string) => process.stdout.write(`  ${message}\n`);

  switch (command) {
    case 'up': {
      const result = await stackUp(input, progress);
      if (json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return 0;
      }
      process.stdout.write(result.alreadyRunning ? 'stack already running: nothing to do\n' : `stack up in ${(result.totalMs / 1000).toFixed(1)} s\n`);
      for (const part of result.parts) {
        const took = part.ms === undefined ? 'already running' : `${(part.ms / 1000).toFixed(1)} s`;
        process.stdout.write(`  ${part.name.padEnd(14)} pid ${String(part.pid).padEnd(8)} ${took.padEnd(16)} ${part.health}\n`);
      }
      process.stdout.write(`${endpointLines(result.endpoints)}  logs         ${result.logDir}\n`);
      return 0;
    }
    case 'down': {
      const result = await stackDown({ ...input, purge: values.purge === true }, progress);
      if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(result.parts.length === 0 ? 'nothing was running\n' : `stopped in ${(result.totalMs / 1000).toFixed(1)} s\n`);
      return 0;
    }
    case 'status': {
      const status = await stackStatus(input);
      if (json) {
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      } else {
        for (const part of status.parts) {
          const state = part.running ? (part.healthy ? 'healthy' : 'running, not healthy') : part.healthy ? 'answers (not started by this stack)' : 'stopped';
          process.stdout.write(`  ${part.name.padEnd(14)} ${(part.pid === undefined ? '-' : String(part.pid)).padEnd(8)} ${state.padEnd(22)} ${part.detail}\n`);
        }
        process.stdout.write(`${endpointLines(status.endpoints)}  state dir    ${status.stateDir}\n`);
      }
      return status.parts.every((part) => part.running && part.healthy) ? 0 : 1;
    }
    case 'fetch': {
      const homes = await fetchArtifacts(resolveStackOptions(input), progress);
      if (json) process.stdout.write(`${JSON.stringify(homes, null, 2)}\n`);
      else for (const report of homes.reports) process.stdout.write(`  ${report.outcome.padEnd(10)} ${(report.ms / 1000).toFixed(1).padStart(6)} s  ${report.artifact}\n`);
      return 0;
    }
    default:
      throw stackError('STACK_INVALID_OPTION', `unknown command "${command}"`, { suggestion: 'commands are: up, down, status, fetch (see --help)' });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof SluiceError) {
      process.stderr.write(`error ${error.code}: ${error.message}\n`);
      if (error.suggestion !== undefined) process.stderr.write(`  what to do: ${error.suggestion}\n`);
      process.exitCode = error.code === 'STACK_INVALID_OPTION' ? 2 : 1;
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
