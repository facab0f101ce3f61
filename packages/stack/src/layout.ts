import { join } from 'node:path';
import { kafkaSslCaFileOf, type StackOptions, type StackProcess } from './options';

/** Where one stack keeps its files, all under `stateDir`. */
export interface StackLayout {
  stateDir: string;
  stateFile: string;
  runDir: string;
  logDir: string;
  flinkConfDir: string;
  flinkPidDir: string;
  flinkTmpDir: string;
  flinkUploadDir: string;
  checkpointDir: string;
  savepointDir: string;
  kafkaDir: string;
  kafkaDataDir: string;
  kafkaConfigFile: string;
  kafkaLog4jFile: string;
  /** The SSL listener's key and self-signed certificate (PKCS12), and that certificate as PEM. */
  kafkaKeystoreFile: string;
  kafkaCaFile: string;
  /** Apicurio Registry's H2 database files (`db.mv.db`). */
  registryDir: string;
  /** Console output of each process (Flink also writes its own `flink-*.log` next to it). */
  logFile(process: StackProcess): string;
}

export function stackLayout(options: Pick<StackOptions, 'stateDir'>): StackLayout {
  const { stateDir } = options;
  const logDir = join(stateDir, 'logs');
  const kafkaDir = join(stateDir, 'kafka');
  return {
    stateDir,
    stateFile: join(stateDir, 'stack.json'),
    runDir: join(stateDir, 'run'),
    logDir,
    flinkConfDir: join(stateDir, 'flink', 'conf'),
    flinkPidDir: join(stateDir, 'flink', 'pids'),
    flinkTmpDir: join(stateDir, 'flink', 'tmp'),
    flinkUploadDir: join(stateDir, 'flink', 'uploads'),
    checkpointDir: join(stateDir, 'flink', 'checkpoints'),
    savepointDir: join(stateDir, 'flink', 'savepoints'),
    kafkaDir,
    kafkaDataDir: join(kafkaDir, 'data'),
    kafkaConfigFile: join(kafkaDir, 'server.properties'),
    kafkaLog4jFile: join(kafkaDir, 'log4j2.properties'),
    kafkaKeystoreFile: join(kafkaDir, 'tls', 'broker.p12'),
    kafkaCaFile: kafkaSslCaFileOf(stateDir),
    registryDir: join(stateDir, 'registry'),
    logFile: (part) => join(logDir, `${part}.log`),
  };
}
