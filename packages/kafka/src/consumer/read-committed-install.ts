// Imported first by the package's entry point: kafkajs's consumer must load after the filter is in place.
import { installReadCommittedFilter } from './read-committed-filter';

/** Whether the kafkajs this package uses filters aborted transactions by the Java consumer's rule. */
export const READ_COMMITTED_FILTER_INSTALLED = installReadCommittedFilter();
