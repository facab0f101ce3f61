import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StackLayout } from './layout';
import type { RecordedPorts, StackOptions, StackPart } from './options';

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
  flinkHome: string;
  kafkaHome: string;
  registryHome?: string;
}

export function recordOf(options: StackOptions, homes: { flinkHome: string; kafkaHome: string; registryHome?: string }): StackRecord {
  const { flinkVersion, kafkaConnectorVersion, jdbcConnectorVersion, kafkaVersion, avroFormatVersion, registryVersion, host, ports, taskSlots } = options;
  return { flinkVersion, kafkaConnectorVersion, jdbcConnectorVersion, kafkaVersion, avroFormatVersion, registryVersion, host, ports: { ...ports }, taskSlots, ...homes };
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

export function pidFile(layout: StackLayout, part: StackPart): string {
  return join(layout.runDir, `${part}.pid`);
}

/** The pid recorded for a part, if any (the file holds just the number, like Flink's own pid files). */
export async function readPid(layout: StackLayout, part: StackPart): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(pidFile(layout, part), 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function writePid(layout: StackLayout, part: StackPart, pid: number): Promise<void> {
  await mkdir(layout.runDir, { recursive: true });
  await writeFile(pidFile(layout, part), `${pid}\n`);
}

export async function removePid(layout: StackLayout, part: StackPart): Promise<void> {
  await rm(pidFile(layout, part), { force: true });
}

/** Where the resource id of the TaskManager this stack last started is kept (`taskmanager.resource-id`). */
export function taskManagerIdFile(layout: StackLayout): string {
  return join(layout.runDir, 'taskmanager.resource-id');
}

/** The resource id the stack gave the TaskManager it started last, if it recorded one. */
export async function readTaskManagerId(layout: StackLayout): Promise<string | undefined> {
  const text = await readFile(taskManagerIdFile(layout), 'utf8').catch(() => '');
  const id = text.trim();
  return id === '' ? undefined : id;
}

export async function writeTaskManagerId(layout: StackLayout, id: string): Promise<void> {
  await mkdir(layout.runDir, { recursive: true });
  await writeFile(taskManagerIdFile(layout), `${id}\n`);
}
