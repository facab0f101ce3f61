import { access, mkdir, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import type { StackLayout } from '../layout';
import type { StackOptions } from '../options';
import { runCommand } from './run-command';

/** @internal The local keystore's password: in server.properties only, never printed. */
export const KEYSTORE_PASSWORD = 'sluice-local-keystore-secret';
// keytool reads it from this variable (`-storepass:env`), so it is in no command line.
const PASSWORD_ENV = 'SLUICE_STACK_KEYSTORE_PASSWORD';

function keytoolCommand(): string {
  return process.env.JAVA_HOME === undefined ? 'keytool' : join(process.env.JAVA_HOME, 'bin', 'keytool');
}

/** The names a client may use for the broker: the bind host, and localhost. */
function subjectAltNames(host: string): string {
  const names = [isIP(host) === 0 ? `DNS:${host}` : `IP:${host}`];
  if (host !== 'localhost') names.push('DNS:localhost');
  return `SAN=${names.join(',')}`;
}

/**
 * Makes the SSL listener's key and self-signed certificate with the JDK's keytool, once per state dir
 * (a restart keeps them, so a pinned CA stays valid); the certificate is also written as PEM for clients
 * to pin as their CA.
 *
 * @returns true when they were made now.
 */
export async function ensureKafkaTls(options: Pick<StackOptions, 'host'>, layout: StackLayout): Promise<boolean> {
  const present = await Promise.all([layout.kafkaKeystoreFile, layout.kafkaCaFile].map((file) => access(file).then(() => true, () => false)));
  if (present.every(Boolean)) return false;
  const dir = dirname(layout.kafkaKeystoreFile);
  // A half-made pair (an interrupted start) is made again from scratch.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const run = (args: string[], purpose: string) =>
    runCommand(keytoolCommand(), [...args, '-keystore', layout.kafkaKeystoreFile, '-storetype', 'PKCS12', '-storepass:env', PASSWORD_ENV], {
      env: { ...process.env, [PASSWORD_ENV]: KEYSTORE_PASSWORD },
      purpose,
      secrets: [KEYSTORE_PASSWORD],
      suggestion: `install a JDK with keytool (or set JAVA_HOME), or delete ${dir} and start again`,
    });
  await run(['-genkeypair', '-alias', 'broker', '-keyalg', 'EC', '-groupname', 'secp256r1', '-validity', '3650', '-dname', 'CN=sluice-stack-kafka', '-ext', subjectAltNames(options.host), '-noprompt'], 'make the Kafka SSL listener\'s self-signed certificate');
  await run(['-exportcert', '-rfc', '-alias', 'broker', '-file', layout.kafkaCaFile], 'export the Kafka SSL listener\'s certificate as PEM');
  return true;
}
