import { defineErrorCodes, sluiceErrorFactory } from '@sluice/errors';

/**
 * Every error code `@sluice/deploy` raises, with its category (the CLI's exit code follows the category).
 *
 * @example
 * ```ts
 * DEPLOY_ERROR_CODES.DEPLOY_CONFIG_INVALID.category // 'config'
 * ```
 */
export const DEPLOY_ERROR_CODES = defineErrorCodes({
  DEPLOY_APPEND_SINK_UPDATES: { category: 'invalid' },
  DEPLOY_BACKFILL_FAILED: { category: 'failed' },
  DEPLOY_BACKFILL_HANDOVER_UNSUPPORTED: { category: 'invalid' },
  DEPLOY_BACKFILL_LIVE_RUNNING: { category: 'conflict' },
  DEPLOY_BACKFILL_RANGE_INVALID: { category: 'usage' },
  DEPLOY_CONFIG_INVALID: { category: 'config' },
  DEPLOY_CONFIG_LOAD_FAILED: { category: 'config' },
  DEPLOY_CONFIG_MISSING: { category: 'config' },
  DEPLOY_DUPLICATE_SIGNAL: { category: 'usage' },
  DEPLOY_FLINK_HOME_MISSING: { category: 'environment' },
  DEPLOY_FLINK_UNREACHABLE: { category: 'unreachable' },
  DEPLOY_GATEWAY_FAILED: { category: 'failed' },
  DEPLOY_GATEWAY_TIMEOUT: { category: 'timeout' },
  DEPLOY_GATEWAY_UNREACHABLE: { category: 'unreachable' },
  DEPLOY_INVALID_SQL: { category: 'invalid' },
  DEPLOY_JAR_RUN_FAILED: { category: 'failed' },
  DEPLOY_JAVA_MISSING: { category: 'environment' },
  DEPLOY_JOB_FAILED: { category: 'failed' },
  DEPLOY_JOB_NOT_RUNNING: { category: 'not-found' },
  DEPLOY_NO_OUTPUT_TOPIC: { category: 'not-found' },
  DEPLOY_NO_PREVIOUS_VERSION: { category: 'not-found' },
  DEPLOY_NO_SIGNALS: { category: 'usage' },
  DEPLOY_PARALLELISM_ABOVE_PARTITIONS: { category: 'invalid' },
  DEPLOY_PLAN_STALE: { category: 'conflict' },
  DEPLOY_PLAN_TOOL_FAILED: { category: 'failed' },
  DEPLOY_PLAN_TOOL_MISSING: { category: 'environment' },
  DEPLOY_REPORT_FAILED: { category: 'failed' },
  DEPLOY_RUNNER_JAR_MISSING: { category: 'environment' },
  DEPLOY_SCHEMA_INCOMPATIBLE: { category: 'conflict' },
  DEPLOY_SIGNAL_MODULE_FAILED: { category: 'usage' },
  DEPLOY_STATE_CORRUPT: { category: 'environment' },
  DEPLOY_STATE_INCOMPATIBLE: { category: 'conflict' },
  DEPLOY_SUBMIT_FAILED: { category: 'failed' },
  DEPLOY_TIMEOUT: { category: 'timeout' },
  DEPLOY_UDF_JAR_MISSING: { category: 'environment' },
  DEPLOY_UDF_REGISTRATION_FAILED: { category: 'failed' },
  DEPLOY_UNKNOWN_SIGNAL: { category: 'usage' },
  DEPLOY_UNKNOWN_UDF: { category: 'not-found' },
  DEPLOY_UPGRADE_FAILED: { category: 'failed' },
} as const);

/** A stable code of an error raised by `@sluice/deploy`. */
export type DeployErrorCode = keyof typeof DEPLOY_ERROR_CODES;

/** @internal Builds a SluiceError whose code is one of {@link DEPLOY_ERROR_CODES}. */
export const deployError = sluiceErrorFactory(DEPLOY_ERROR_CODES);
