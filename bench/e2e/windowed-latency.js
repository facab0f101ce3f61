// Windowed latency for bench:e2e (issue 17): from the moment the watermark passes a window's end to the typed
// row read by consume(signal). The bench signals' sources declare `WATERMARK FOR ts AS ts - INTERVAL '1'
// SECOND`, so the watermark reaches window_end - 1 ms (the window's last timestamp, when Flink fires it)
// with the first record whose event time is >= window_end + 999 ms. Each produced batch is remembered
// with its event time and the wall time it was sent; a row's latency is its receive time minus the send
// time of the first batch that reached that threshold. The closing tick sent after the live run (an event
// time a window ahead) closes the windows still open: those rows count from that tick's send time.
// The run lasts long enough for `closings` window ends to pass after the warm-up.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** How long a windowed latency run must produce so that `closings` window ends pass after `warmupSeconds`. */
function windowedRunSeconds(seconds, slideSeconds, closings, warmupSeconds) {
  return Math.max(seconds, Math.ceil(warmupSeconds + closings * slideSeconds + 2));
}

/** Index of the first batch whose event time is >= `threshold` (batches ascend by event time), or -1. */
function firstReaching(batches, threshold) {
  let lo = 0;
  let hi = batches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (batches[mid].eventTime >= threshold) hi = mid;
    else lo = mid + 1;
  }
  return lo < batches.length ? lo : -1;
}

const toMs = (v) => (v instanceof Date ? v.getTime() : Number(v));

/**
 * Produces ticks at `rate`/s with the wall clock as event time for `seconds` (`load`: a LiveLoad, see
 * live-load.ts), then one closing tick `closeAheadMs` ahead; reads the signal's rows with consume(signal)
 * from the latest offset. Returns the latency percentiles (ms) over rows of windows that ended after the
 * warm-up, how many distinct window ends (closings) they came from, and the rows closed by the closing
 * tick apart.
 */
async function measureWindowedLatency(h, project, { rate, seconds, symbols, load, warmupSeconds = 5, watermarkMs = 1000, closeAheadMs = 5 * 60_000 + 10_000 }) {
  const client = project.ctx.kafka();
  const stream = client.consume(project.signal, { from: 'latest' });
  const batches = [];
  const live = [];
  const closedByFlush = [];
  const ends = new Set();
  let unmatched = 0;
  let warmupUntil = Number.POSITIVE_INFINITY;
  const reading = (async () => {
    for await (const row of stream) {
      const receivedAt = Date.now();
      const end = toMs(row.window_end);
      if (end < warmupUntil) continue;
      const index = firstReaching(batches, end + watermarkMs - 1);
      if (index < 0) {
        unmatched++;
        continue;
      }
      const batch = batches[index];
      (batch.closing ? closedByFlush : live).push(receivedAt - batch.sentAt);
      if (!batch.closing) ends.add(end);
    }
  })();
  await stream.ready;
  let produced = 0;
  // The warm-up counts from the start of the load; the live load's first batch comes after its process started.
  warmupUntil = Date.now() + warmupSeconds * 1000;
  try {
    ({ produced } = await load({ brokers: project.brokers, topic: project.input, rate, seconds, symbols, closeAheadMs }, (batch) => batches.push(batch)));
    await sleep(4000);
  } finally {
    await stream.close().catch(() => undefined);
    await reading.catch(() => undefined);
  }
  return { ...h.percentiles(live), produced, closings: ends.size, flush: h.percentiles(closedByFlush), unmatched };
}

module.exports = { measureWindowedLatency, windowedRunSeconds, firstReaching };
