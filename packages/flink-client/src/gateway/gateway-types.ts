/** SQL Gateway REST API versions (URL prefixes `/v1` .. `/v4`). */
export type GatewayApiVersion = 'v1' | 'v2' | 'v3' | 'v4';

/** `OperationStatus` of a statement. FINISHED means results can be fetched, not that a job ended. */
export type OperationStatus = 'INITIALIZED' | 'PENDING' | 'RUNNING' | 'FINISHED' | 'CANCELED' | 'CLOSED' | 'ERROR' | 'TIMEOUT';

/** Row kinds of a changelog (batch queries only produce INSERT). */
export type RowKind = 'INSERT' | 'UPDATE_BEFORE' | 'UPDATE_AFTER' | 'DELETE';

/** A declared column type as the gateway serializes it (`LogicalTypeJsonSerializer`, not the spec's `typeRoot`). */
export interface LogicalType {
  type: string;
  nullable: boolean;
  length?: number;
  precision?: number;
  scale?: number;
  elementType?: LogicalType;
  keyType?: LogicalType;
  valueType?: LogicalType;
  fields?: Array<{ name: string; fieldType: LogicalType; description?: string | null }>;
  resolution?: string;
  fractionalPrecision?: number;
}

/** One result column. */
export interface ColumnInfo {
  name: string;
  logicalType: LogicalType;
  comment: string | null;
}

/** `rowFormat` of fetched rows. */
export type RowFormat = 'JSON' | 'PLAIN_TEXT';

/** A decoded SQL value; see {@link decodeValue} for which SQL type maps to which. */
export type SqlValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Date
  | Uint8Array
  | SqlValue[]
  | Map<SqlValue, SqlValue>
  | { [field: string]: SqlValue };

/** One decoded row. */
export interface ResultRow {
  kind: RowKind;
  /** Values in column order. */
  fields: SqlValue[];
}

/** One page of results, decoded. */
export interface ResultPage {
  resultType: 'PAYLOAD' | 'EOS';
  /** The token this page was fetched with. */
  token: number;
  jobId?: string;
  isQueryResult?: boolean;
  resultKind?: 'SUCCESS' | 'SUCCESS_WITH_CONTENT';
  columns: ColumnInfo[];
  rows: ResultRow[];
  /** The next page's path (version-prefixed, no host); absent at EOS. */
  nextResultUri?: string;
}

/** The raw `fetchResults` answer (wire shape, not the spec's). Numbers are still source text. */
export interface FetchResultsResponse {
  resultType: 'NOT_READY' | 'PAYLOAD' | 'EOS';
  isQueryResult?: boolean;
  jobID?: string;
  resultKind?: 'SUCCESS' | 'SUCCESS_WITH_CONTENT';
  results?: { columns: ColumnInfo[]; rowFormat: RowFormat; data: Array<{ kind: RowKind; fields: unknown[] }> };
  nextResultUri?: string;
}

/** How some SQL types are decoded. */
export interface DecodeOptions {
  /**
   * TIMESTAMP / TIMESTAMP_LTZ as `Date` (default: milliseconds, TIMESTAMP without zone read as UTC; the
   * same value `@sluice/kafka` gives) or as the Gateway's ISO text (lossless: keeps micro/nanoseconds).
   */
  timestamps?: 'date' | 'string';
}

/** Body of `openSession`. */
export interface OpenSessionRequest {
  sessionName?: string;
  properties?: Record<string, string>;
}

/** Body of `executeStatement`. `executionTimeout` must stay unset: any positive value fails server-side. */
export interface ExecuteStatementRequest {
  statement: string;
  executionConfig?: Record<string, string>;
  executionTimeout?: number;
}

/** Body of `refreshMaterializedTable` (v3 only). */
export interface RefreshMaterializedTableRequest {
  isPeriodic: boolean;
  scheduleTime?: string;
  dynamicOptions?: Record<string, string>;
  staticPartitions?: Record<string, string>;
  executionConfig?: Record<string, string>;
}

/** Body of `deployScript` (v4, application mode). */
export interface DeployScriptRequest {
  script?: string;
  scriptUri?: string;
  executionConfig?: Record<string, string>;
}
