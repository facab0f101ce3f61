import { defineErrorCodes, sluiceErrorFactory } from '@sluice/errors';

/**
 * Every error code `@sluice/dsl` raises, with its category (the CLI's exit code follows the category).
 *
 * @example
 * ```ts
 * DSL_ERROR_CODES.DSL_AGGREGATE_NOT_ALLOWED.category // 'invalid'
 * ```
 */
export const DSL_ERROR_CODES = defineErrorCodes({
  DSL_AGGREGATE_NOT_ALLOWED: { category: 'invalid' },
  DSL_AGGREGATE_NOT_MERGEABLE: { category: 'invalid' },
  DSL_APPEND_SINK_UPDATES: { category: 'invalid' },
  DSL_DUPLICATE_NAME: { category: 'conflict' },
  DSL_FUNCTION_ARGUMENT_COUNT: { category: 'invalid' },
  DSL_FUNCTION_NAME_CLASH: { category: 'conflict' },
  DSL_INTERNAL: { category: 'internal' },
  DSL_INVALID_ARGUMENT: { category: 'invalid' },
  DSL_INVALID_DURATION: { category: 'invalid' },
  DSL_INVALID_EXPRESSION: { category: 'invalid' },
  DSL_INVALID_FUNCTION: { category: 'invalid' },
  DSL_INVALID_JOIN: { category: 'invalid' },
  DSL_INVALID_LITERAL: { category: 'invalid' },
  DSL_INVALID_MATCH: { category: 'invalid' },
  DSL_INVALID_METADATA: { category: 'invalid' },
  DSL_INVALID_NAME: { category: 'invalid' },
  DSL_INVALID_OPTION: { category: 'invalid' },
  DSL_INVALID_PARAMETER: { category: 'invalid' },
  DSL_INVALID_SCHEMA: { category: 'invalid' },
  DSL_INVALID_SETTING: { category: 'invalid' },
  DSL_INVALID_SIGNAL: { category: 'invalid' },
  DSL_INVALID_SINK: { category: 'invalid' },
  DSL_INVALID_SOURCE: { category: 'invalid' },
  DSL_INVALID_TYPE: { category: 'invalid' },
  DSL_INVALID_UNION: { category: 'invalid' },
  DSL_INVALID_WINDOW: { category: 'invalid' },
  DSL_LAG_FRAME: { category: 'invalid' },
  DSL_LOOKUP_KEY_MISMATCH: { category: 'invalid' },
  DSL_LOOKUP_NOT_SUPPORTED: { category: 'invalid' },
  DSL_LOOKUP_ON_UPDATES: { category: 'invalid' },
  DSL_MATCH_GREEDY_END: { category: 'invalid' },
  DSL_MATCH_ON_UPDATES: { category: 'invalid' },
  DSL_MATCH_WITHIN_REQUIRED: { category: 'invalid' },
  DSL_MULTIPLE_ROWTIME: { category: 'invalid' },
  DSL_NESTED_AGGREGATE: { category: 'invalid' },
  DSL_NOT_BACKFILLABLE: { category: 'invalid' },
  DSL_NOT_GROUPED: { category: 'invalid' },
  DSL_OVER_ON_UPDATES: { category: 'invalid' },
  DSL_OVER_ORDER_NOT_TIME: { category: 'invalid' },
  DSL_OVER_WINDOW_MISMATCH: { category: 'invalid' },
  DSL_OVER_WITH_GROUP_BY: { category: 'invalid' },
  DSL_PRIMARY_KEY_REQUIRED: { category: 'invalid' },
  DSL_PROCTIME_REQUIRED: { category: 'invalid' },
  DSL_SETTINGS_CONFLICT: { category: 'conflict' },
  DSL_TEMPORAL_NOT_VERSIONED: { category: 'invalid' },
  DSL_TIMESTAMP_MINUS: { category: 'invalid' },
  DSL_TOPIC_CONFLICT: { category: 'conflict' },
  DSL_TYPE_MISMATCH: { category: 'invalid' },
  DSL_UNION_MISMATCH: { category: 'invalid' },
  DSL_UNKNOWN_COLUMN: { category: 'invalid' },
  DSL_UNSUPPORTED_VERSION: { category: 'invalid' },
  DSL_UPSERT_KEY_REQUIRED: { category: 'invalid' },
  DSL_WATERMARK_REQUIRED: { category: 'invalid' },
  DSL_WINDOW_ON_UPDATES: { category: 'invalid' },
} as const);

/** A stable code of an error raised by `@sluice/dsl`. */
export type DslErrorCode = keyof typeof DSL_ERROR_CODES;

/** @internal Builds a SluiceError whose code is one of {@link DSL_ERROR_CODES} outside any signal's context (see dslError for errors that name the signal and field). */
export const dslCodeError = sluiceErrorFactory(DSL_ERROR_CODES);
