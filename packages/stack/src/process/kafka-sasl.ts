import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkKafkaSasl } from '../health';
import type { StackLayout } from '../layout';
import { endpointsOf, STACK_SASL_PASSWORD, STACK_SASL_USER, type StackOptions } from '../options';
import { javaCommand, kafkaToolJvmArgs, SCRAM_MECHANISMS, type StackHomesRef } from './launch-part';
import { runCommand } from './run-command';

/**
 * Makes sure the SASL test user has its SCRAM credentials, on a running broker. A log dir formatted by
 * this stack gets them at format time; one formatted before the SASL listener existed has none, and
 * re-formatting would lose its topics, so they are added through the Admin API (Kafka's own
 * `ConfigCommand`, which calls `alterUserScramCredentials`). Upserting is idempotent.
 *
 * @returns `created` when credentials had to be added, `present` when every SCRAM login already worked.
 */
export async function ensureScramUser(options: StackOptions, layout: StackLayout, homes: StackHomesRef): Promise<'present' | 'created'> {
  const saslBrokers = endpointsOf(options).kafkaSaslBrokers ?? [];
  const probes = await Promise.all(SCRAM_MECHANISMS.map(async (mechanism) => ({ mechanism, probe: await checkKafkaSasl(saslBrokers, mechanism, 5000) })));
  // Only a refused login means "no credential"; anything else (listener still opening) is for the health wait.
  const missing = probes.filter(({ probe }) => !probe.healthy && /authentication/i.test(probe.detail)).map(({ mechanism }) => mechanism);
  if (missing.length === 0) return 'present';
  // A file rather than --add-config keeps the password out of the process list. Unlike on the command
  // line, a value here has no [...] around it (ConfigCommand would take the brackets as part of it).
  // One mechanism per call (the broker refuses two credentials of one user in one request), in parallel.
  await Promise.all(
    missing.map(async (mechanism) => {
      const file = join(layout.kafkaDir, `scram-credentials-${mechanism.toLowerCase()}.properties`);
      await writeFile(file, `${mechanism}=password=${STACK_SASL_PASSWORD}\n`, { mode: 0o600 });
      try {
        await runCommand(
          javaCommand(),
          [
            ...kafkaToolJvmArgs(layout, homes),
            'kafka.admin.ConfigCommand',
            '--bootstrap-server',
            endpointsOf(options).kafkaBrokers.join(','),
            '--alter',
            '--entity-type',
            'users',
            '--entity-name',
            STACK_SASL_USER,
            '--add-config-file',
            file,
          ],
          { purpose: `create the ${mechanism} credential of the Kafka SASL user ${STACK_SASL_USER}`, secrets: [STACK_SASL_PASSWORD], suggestion: `read ${layout.logFile('kafka')}` },
        );
      } finally {
        await rm(file, { force: true });
      }
    }),
  );
  return 'created';
}
