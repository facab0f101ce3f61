// Public surface of @sluice/flink-client: the two clients, their types, and the error helpers.
export { FlinkRestClient, parseFlinkVersion } from './rest/flink-rest-client';
export type { FlinkVersion, SavepointOptions, StopWithSavepointOptions, RunJarOptions } from './rest/flink-rest-client';
export type { AwaitOptions, OperationProgress, OperationErrorDetails } from './rest/async-operation';
export type { FlinkRestClientOptions, CallOptions } from './rest/rest-base';
export { ClusterApi } from './rest/cluster-api';
export { JarsApi } from './rest/jars-api';
export type { UploadJarOptions } from './rest/jars-api';
export { JobsApi } from './rest/jobs-api';
export { JobVerticesApi } from './rest/job-vertices-api';
export { JobCheckpointsApi } from './rest/job-checkpoints-api';
export type * from './rest/rest-types';
export { SqlGatewayClient } from './gateway/sql-gateway-client';
export type { SqlGatewayClientOptions } from './gateway/sql-gateway-client';
export { KeptSession } from './gateway/kept-session';
export type { KeptSessionOptions } from './gateway/kept-session';
export type { ResultPagesOptions } from './gateway/result-pages';
export type * from './gateway/gateway-types';
export { decodeValue } from './gateway/decode-value';
// Re-exported from @sluice/flink-types (one lossless JSON and one decimal text for every package).
export { LosslessNumber, parseLosslessJson, plainDecimal } from '@sluice/flink-types';
export type { LosslessJson } from '@sluice/flink-types';
export { HttpTransport, serializeQuery } from './transport/http-transport';
export type { HttpMethod, HttpRequest, QueryValue } from './transport/http-transport';
export type { TransportOptions, RetryOptions, TlsOptions } from './transport/transport-options';
export { rootCauseLine } from './transport/flink-error';
export type { FlinkApi, FlinkErrorDetails, RedactedRequest } from './transport/flink-error';
export { OPERATION_GAPS } from './operation-gaps';
