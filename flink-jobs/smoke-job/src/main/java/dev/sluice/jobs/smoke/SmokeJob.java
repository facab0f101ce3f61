package dev.sluice.jobs.smoke;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A small bounded job: counts from 1 to --count, optionally sleeping --sleep-ms per element so that it
 * stays RUNNING long enough for savepoint and cancel tests. It needs nothing but the cluster.
 *
 * <p>Arguments: {@code --count <n>} (default 1000), {@code --sleep-ms <ms>} (default 0),
 * {@code --name <job name>} (default "sluice-smoke").
 */
public final class SmokeJob {
  private SmokeJob() {}

  public static void main(String[] args) throws Exception {
    long count = Long.parseLong(option(args, "count", "1000"));
    long sleepMs = Long.parseLong(option(args, "sleep-ms", "0"));
    String name = option(args, "name", "sluice-smoke");

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromSequence(1, count)
        .map(new Throttle(sleepMs))
        .filter(new EveryThousandth())
        .print();
    env.execute(name);
  }

  // ParameterTool moved packages between Flink 1.20 and 2.x; this job must run on both.
  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--" + name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  /** Passes each element through after an optional pause. */
  static final class Throttle implements MapFunction<Long, Long> {
    private final long sleepMs;

    Throttle(long sleepMs) {
      this.sleepMs = sleepMs;
    }

    @Override
    public Long map(Long value) throws Exception {
      if (sleepMs > 0) {
        Thread.sleep(sleepMs);
      }
      return value;
    }
  }

  /**
   * Keeps the TaskManager's stdout short, and counts every element in the "elements" accumulator
   * (GET /jobs/:id/accumulators), so callers can check the job really processed --count elements.
   */
  static final class EveryThousandth extends RichFilterFunction<Long> {
    private transient LongCounter elements;

    @Override
    public boolean filter(Long value) {
      // Registered lazily: open()'s signature differs between Flink 1.20 and 2.x.
      if (elements == null) {
        elements = new LongCounter();
        getRuntimeContext().addAccumulator("elements", elements);
      }
      elements.add(1L);
      return value % 1000 == 0;
    }
  }
}
