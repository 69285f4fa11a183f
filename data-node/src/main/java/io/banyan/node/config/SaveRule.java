package io.banyan.node.config;

import java.util.List;

/**
 * One {@code save <seconds> <changes>} rule: snapshot the dataset when at least {@code changes}
 * writes happened within {@code seconds}.
 */
public record SaveRule(long seconds, long changes) {
  /**
   * Redis 7.0's built-in rules: after 1 hour and 1 change, 5 minutes and 100, 1 minute and 10000.
   */
  public static final List<SaveRule> DEFAULTS =
      List.of(new SaveRule(3600, 1), new SaveRule(300, 100), new SaveRule(60, 10000));
}
