import { count, signal, upsertKafka } from '@sluice/dsl';
import { clicks } from './clicks';

/** Stateful: a running count of clicks per user (an updating query, written to a compacted topic). */
export const clicksPerUser = signal('clicks_per_user')
  .from(clicks)
  .where((r) => r.page.isNotNull())
  .groupBy('user_id')
  .select(() => ({ clicks: count() }))
  .to(upsertKafka.sink('cli-demo.clicks-per-user'), { parallelism: 1, checkpointInterval: '5 s' });
