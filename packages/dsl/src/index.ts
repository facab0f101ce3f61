// The only public surface of @sluice/dsl.
export { t } from './types/t';
export type { Declared } from './types/t';
export type {
  TypeKind,
  DataType,
  Fields,
  TsTypeOf,
  BaseTsTypeOf,
  RowOfFields,
  WithNullable,
  BooleanType,
  TinyintType,
  SmallintType,
  IntType,
  BigintType,
  FloatType,
  DoubleType,
  DecimalType,
  StringType,
  VarcharType,
  CharType,
  BytesType,
  DateType,
  TimeType,
  TimestampType,
  TimestampLtzType,
  IntervalType,
  ArrayType,
  MapType,
  RowType,
} from './types/data-type';
export { schema } from './schema';
export type { Schema, RowOf, FieldsOf } from './schema';
export { renderType, quoteIdentifier, quoteString } from './dialect';

// expressions
export { Expr } from './expr/expr';
export type { Operand } from './expr/expr';
export type { Columns } from './expr/row-proxy';
export type {
  NumericType,
  StringLikeType,
  AnyTimestampType,
  TemporalType,
  Arith,
  ComparableWith,
  NumberLiteralType,
  OperandType,
  SetNull,
  Nul,
} from './expr/static-types';
export {
  lit,
  interval,
  abs,
  sqrt,
  power,
  ln,
  exp,
  log10,
  round,
  floor,
  ceil,
  upper,
  lower,
  trim,
  charLength,
  substring,
  extract,
  timestampDiff,
  dateFormat,
  toTimestampLtz,
  currentTimestamp,
  proctime,
  coalesce,
  cast,
  tryCast,
  caseWhen,
  CaseBuilder,
  rawSql,
} from './expr/functions';
export type { RawSqlOptions, TimeUnit, TsLiteralOf } from './expr/functions';
export * from './functions'; // the function catalogue and its typed `fn`
export {
  AggregateExpr,
  OverWindow,
  overWindow,
  count,
  countDistinct,
  sum,
  avg,
  min,
  max,
  stddevPop,
  stddevSamp,
  varPop,
  varSamp,
  firstValue,
  lastValue,
  lag,
} from './expr/aggregates';
export type { OverWindowOptions, SumType } from './expr/aggregates';

// sources, sinks, queries, signals
export { kafka, upsertKafka, datagen, print, blackhole } from './relational/connectors';
export { jdbc } from './relational/jdbc';
export { secret, isSecretRef, secretPlaceholder, secretNames, fillSecrets } from './relational/secret-ref';
export type { SecretRef } from './relational/secret-ref';
export type { JdbcSourceOptions, JdbcLookupCache } from './relational/jdbc';
export type { LookupJoinOptions, LookupJoinType } from './relational/lookup-join';
export type {
  Source,
  SourceColumn,
  SourceFields,
  ExprFields,
  SinkSpec,
  Format,
  StartupMode,
  MetadataKey,
  EventTime,
  KafkaSourceOptions,
  UpsertKafkaSourceOptions,
  DatagenOptions,
  KafkaSinkOptions,
  DeliveryGuarantee,
  OnParseError,
} from './relational/connectors';
export { Query, from } from './relational/query';
export { GroupedQuery, WindowedQuery, WindowedGroupedQuery } from './relational/grouped-query';
export type { Changelog, SelectShape, ShapeFields, WindowFields, Simplify, Callback } from './relational/query';
export { tumble, hop, cumulate, session } from './relational/window';
export type { WindowSpec } from './relational/window';
export { PatternTerm, prev } from './relational/match';
export type { MatchSpec, PatternVariable } from './relational/match';
export { JoinedQuery } from './relational/combine';
export { rawQuery } from './relational/query';
export type { JoinType, JoinLeft, JoinRight, NullableFields, IntervalJoinOptions, WindowJoinOptions, DeduplicateOptions, TopNOptions } from './relational/combine';
export { signal } from './signal';
export type { Signal, SignalSettings, SignalStart, Tuning } from './signal';
export { compile, checkSignals } from './compiler/compile';
export { checkBackfill, requireBackfillable } from './compiler/backfill-check';
export type { BackfillVerdict } from './compiler/backfill-check';
export { avroSchemaOf, avroDdlType, FLINK_AVRO_RECORD_NAME } from './compiler/avro-schema';
export type { AvroSchemaJson, AvroRecordSchema } from './compiler/avro-schema';
export { avroSubject, isAvroConfluent } from './compiler/compile-ddl';
export type { SchemaRegistryConnection } from './compiler/compile-ddl';
export { sinkKeyOf } from './compiler/sink-key';
export { sinkChangelogOf } from './compiler/sink-changelog';
export type { SinkChangelog } from './compiler/sink-changelog';
export { checkTopicWriters } from './compiler/topic-writers';
export type { TopicConflictDetails } from './compiler/topic-writers';
export type { CompileOptions, FlinkVersion, ScriptStatement, SqlScript, TopicSpec, SchemaSpec, JobSpec, SourceSpec } from './compiler/compile';
export { STATEMENT_KINDS } from './compiler/statement-kind';
export { compileStatement, statementKindOf } from './compiler/compile-statement';
export { queryWithViews } from './compiler/query-views';
export type {
  StatementNode, CreateTableNode, CreateViewNode, CreateFunctionNode, SetNode, ResetNode, InsertNode, StatementSetNode,
  ColumnDefNode, PhysicalColumnNode, MetadataColumnNode, ComputedColumnNode, WatermarkNode, OptionNode, QueryNode,
} from './ast/statement-node';
export type { StatementKind } from './compiler/statement-kind';
export type { DslErrorDetails } from './errors';

// a user's own functions from a jar (registered by @sluice/deploy)
export { udf } from './udf/udf';
export type { UdfOptions, UdfArgs, UdfResult, ScalarUdf, AggregateUdf, TableUdf, TableUdfCall } from './udf/udf';
export type { LateralOptions } from './udf/lateral';
export type { UserFunctionRef, UserFunctionKind } from './ast/user-function-ref';

// indicator library (recursive ones run flink-jobs' UDAFs, registered by @sluice/deploy)
export { indicators, INDICATOR_UDAFS } from './indicators';
export type {
  IndicatorInput,
  SeriesOptions,
  SmaOptions,
  EmaOptions,
  RsiOptions,
  MacdOptions,
  MacdFields,
  BollingerOptions,
  BollingerFields,
  ZscoreOptions,
  ZscoreFields,
  RocOptions,
  VwapOptions,
  VwapFields,
  OhlcOptions,
  OhlcFields,
  CountWithinOptions,
  CountWithinFields,
  HeldForOptions,
  HeldForFields,
} from './indicators';
export { DSL_ERROR_CODES } from './error-codes';
export type { DslErrorCode } from './error-codes';
