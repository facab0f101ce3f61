import { backoffDelay, sleep } from '../transport/backoff';
import { decodeValue } from './decode-value';
import type { ColumnInfo, DecodeOptions, FetchResultsResponse, ResultPage, RowFormat } from './gateway-types';
import { flinkError } from '../error-codes';

/** Options of {@link SqlGatewayClient.readPages}. */
export interface ResultPagesOptions extends DecodeOptions {
  /** JSON (default; values decoded by type) or PLAIN_TEXT (values stay the SQL client's strings). */
  rowFormat?: RowFormat;
  /** First delay when the server has nothing yet (NOT_READY or an empty streaming page). Default 50 ms. */
  pollMinMs?: number;
  /** Longest delay between polls. Default 1000 ms. */
  pollMaxMs?: number;
  /** Stops reading (the iterator throws FLINK_ABORTED). */
  signal?: AbortSignal;
}

/** Minimal surface the reader needs (keeps this file free of the client class). */
interface PageSource {
  fetchResults(sessionHandle: string, operationHandle: string, token: number, rowFormat: RowFormat): Promise<FetchResultsResponse>;
  fetchResultUri(uri: string, signal?: AbortSignal): Promise<FetchResultsResponse>;
}

/** Reads result pages: token 0, then `nextResultUri` until it is absent (EOS). */
export async function* readResultPages(source: PageSource, sessionHandle: string, operationHandle: string, options: ResultPagesOptions = {}): AsyncGenerator<ResultPage> {
  const rowFormat = options.rowFormat ?? 'JSON';
  const pollMin = options.pollMinMs ?? 50;
  const pollMax = options.pollMaxMs ?? 1000;
  let uri: string | undefined;
  let token = 0;
  let idle = 0;
  let columnsSent = false;
  for (;;) {
    if (options.signal?.aborted) throw flinkError('FLINK_ABORTED', 'reading results was aborted by the caller');
    const raw = uri === undefined ? await source.fetchResults(sessionHandle, operationHandle, 0, rowFormat) : await source.fetchResultUri(uri, options.signal);
    const columns: ColumnInfo[] = raw.results?.columns ?? [];
    const rows = (raw.results?.data ?? []).map((row) => ({
      kind: row.kind,
      fields: row.fields.map((value, i) => {
        const column = columns[i];
        if (column === undefined) throw flinkError('FLINK_PROTOCOL_ERROR', `row has more fields than the ${columns.length} declared columns`);
        return rowFormat === 'JSON' ? decodeValue(value, column.logicalType, options) : value === null ? null : String(value);
      }),
    }));
    const done = raw.nextResultUri === undefined;
    if (raw.resultType !== 'NOT_READY' && (rows.length > 0 || !columnsSent || (done && rows.length > 0))) {
      columnsSent = true;
      idle = 0;
      yield {
        resultType: raw.resultType === 'EOS' ? 'EOS' : 'PAYLOAD',
        token,
        columns,
        rows,
        ...(raw.jobID === undefined ? {} : { jobId: raw.jobID }),
        ...(raw.isQueryResult === undefined ? {} : { isQueryResult: raw.isQueryResult }),
        ...(raw.resultKind === undefined ? {} : { resultKind: raw.resultKind }),
        ...(raw.nextResultUri === undefined ? {} : { nextResultUri: raw.nextResultUri }),
      };
    }
    if (done) return;
    const next = raw.nextResultUri as string;
    const nextToken = tokenOf(next);
    // Same token again (NOT_READY) or an empty page: the server has nothing yet, so wait.
    if (raw.resultType === 'NOT_READY' || rows.length === 0) await sleep(backoffDelay(idle++, pollMin, pollMax), options.signal);
    uri = next;
    token = nextToken;
  }
}

function tokenOf(uri: string): number {
  const m = /\/result\/(\d+)/.exec(uri);
  if (m === null) throw flinkError('FLINK_PROTOCOL_ERROR', `unexpected nextResultUri ${uri}`);
  return Number(m[1]);
}
