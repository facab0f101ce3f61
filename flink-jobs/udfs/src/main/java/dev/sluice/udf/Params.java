package dev.sluice.udf;

/** Parameter checks shared by the UDAFs (bad parameters fail the job with a clear message). */
final class Params {
  private Params() {}

  static int period(String function, String name, Integer value) {
    if (value == null || value < 1) {
      throw new IllegalArgumentException(function + ": " + name + " must be a positive integer, got " + value);
    }
    return value;
  }
}
