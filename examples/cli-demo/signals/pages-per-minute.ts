import { count, kafka, signal, tumble } from '@sluice/dsl';
import { clicks } from './clicks';

/** Windowed: clicks per page in one-minute tumbling event-time windows. */
export const pagesPerMinute = signal('pages_per_minute')
  .from(clicks)
  .window(tumble('ts', '1 min'))
  .groupBy('page')
  .select(() => ({ views: count() }))
  .to(kafka.sink('cli-demo.pages-per-minute'), { parallelism: 1 });
