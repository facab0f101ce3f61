import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StackLayout } from './layout';
import type { RecordedPorts, StackOptions, StackProcess } from './options';

/** What a running stack was started with; `up` refuses to mix a different configuration into it. */
export interface StackRecord {
  flinkVersion: string;
  kafkaConnectorVersion: string;
  jdbcConnectorVersion?: string;
  kafkaVersion: string;
  avroFormatVersion?: string;
  registryVersion?: string;
  host: string;
  ports: RecordedPorts;
  taskSlots: number;
  /** TaskManagers the last `up` asked for (absent in records written before there could be several). */
  taskManagers?: number;
  flinkHome: string;
  kafkaHome: string;
  registryHome?: string;
}

export function recordOf(options: StackOptions, homes: { flinkHome: string; kafkaHome: string; registryHome?: string }): StackRecord {
  const { flinkVersion, kafkaConnectorVersion, jdbcConnectorVersion, kafkaVersion, avroFormatVersion, registryVersion, host, ports, taskSlots, taskManagers } = options;
  return { flinkVersion, kafkaConnectorVersion, jdbcConnectorVersion, kafkaVersion, avroFormatVersion, registryVersion, host, ports: { ...ports }, taskSlots, taskManagers, ...homes };
}

export async function readStackRecord(layout: StackLayout): Promise<StackRecord | undefined> {
  try {
    return JSON.parse(await readFile(layout.stateFile, 'utf8')) as StackRecord;
  } catch {
    return undefined;
  }
}

export async function writeStackRecord(layout: StackLayout, record: StackRecord): Promise<void> {
  await mkdir(layout.stateDir, { recursive: true });
  await writeFile(layout.stateFile, `${JSON.stringify(record, null, 2)}\n`);
}

export function pidFile(layout: StackLayout, part: StackProcess): string {
  return join(layout.runDir, `${part}.pid`);
}

/** The pid recorded for a part, if any (the file holds just the number, like Flink's own pid files). */
export async function readPid(layout: StackLayout, part: StackProcess): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(pidFile(layout, part), 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function writePid(layout: StackLayout, part: StackProcess, pid: number): Promise<void> {
  await mkdir(layout.runDir, { recursive: true });
  await writeFile(pidFile(layout, part), `${pid}\n`);
}

export async function removePid(layout: StackLayout, part: StackProcess): Promise<void> {
  await rm(pidFile(layout, part), { force: true });
}

/**
 * Where the resource id of the TaskManager process `name` this stack last started is kept
 * (`taskmanager.resource-id`, `taskmanager-2.resource-id`, ...).
 */
export function taskManagerIdFile(layout: StackLayout, name: StackProcess = 'taskmanager'): string {
  return join(layout.runDir, `${name}.resource-id`);
}

/** The resource id the stack gave TaskManager process `name` when it last started it, if it recorded one. */
export async function readTaskManagerId(layout: StackLayout, name: StackProcess = 'taskmanager'): Promise<string | undefined> {
  const text = await readFile(taskManagerIdFile(layout, name), 'utf8').catch(() => '');
  const id = text.trim();
  return id === '' ? undefined : id;
}

export async function writeTaskManagerId(layout: StackLayout, id: string, name: StackProcess = 'taskmanager'): Promise<void> {
  await mkdir(layout.runDir, { recursive: true });
  await writeFile(taskManagerIdFile(layout, name), `${id}\n`);
}

/**
 * TaskManager processes beyond the first that have a pid file (`taskmanager-2.pid`, ...), in index order:
 * down and status find them even when asked with fewer TaskManagers than the stack was started with.
 */
export async function extraTaskManagersOnDisk(layout: StackLayout): Promise<StackProcess[]> {
  const names = await readdir(layout.runDir).catch(() => [] as string[]);
  const indexes = names.flatMap((name) => {
    const match = /^taskmanager-(\d+)\.pid$/.exec(name);
    return match?.[1] === undefined ? [] : [Number(match[1])];
  });
  return indexes.sort((a, b) => a - b).map((index): StackProcess => `taskmanager-${index}`);
}
