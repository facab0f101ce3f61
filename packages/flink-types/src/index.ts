// The only public surface of @sluice/flink-types: one decoding of Flink values (see flink-value.ts).
export { LosslessNumber, parseLosslessJson, toPlainJson } from './lossless-json';
export type { LosslessJson } from './lossless-json';
export { plainDecimal, fitDecimal, doubleToPlain } from './decimal';
export { formatTimestamp, parseTimestamp, isDate, isTime } from './timestamp';
export type { TimestampStandard } from './timestamp';
export { decodeBase64Bytes } from './flink-value';
