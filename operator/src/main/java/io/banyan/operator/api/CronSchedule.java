package io.banyan.operator.api;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A standard 5-field (Unix) cron expression, evaluated in UTC, parsed by cron-utils: {@code
 * spec.backup.schedule}.
 */
public final class CronSchedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final ExecutionTime times;

  private CronSchedule(Cron cron) {
    this.times = ExecutionTime.forCron(cron);
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with the expression
   */
  public static CronSchedule parse(String expression) {
    if (expression == null || expression.trim().split("\\s+").length != 5) {
      throw new IllegalArgumentException("expected 5 fields: minute hour day month weekday");
    }
    return new CronSchedule(PARSER.parse(expression.trim()).validate());
  }

  /** The latest time at or before {@code now} the expression names, if any. */
  public Optional<Instant> lastAtOrBefore(Instant now) {
    ZonedDateTime t = now.atZone(ZoneOffset.UTC);
    if (times.isMatch(t.withSecond(0).withNano(0))) {
      return Optional.of(t.withSecond(0).withNano(0).toInstant());
    }
    return times.lastExecution(t).map(ZonedDateTime::toInstant);
  }

  /** Whether a time named by the expression lies in {@code (since, now]}: a run is due. */
  public boolean dueSince(Instant since, Instant now) {
    return lastAtOrBefore(now).map(last -> last.isAfter(since)).orElse(false);
  }

  /** {@code spec.backup.schedule}'s error message, or null when it is valid (or absent). */
  static String check(String expression) {
    if (expression == null) {
      return null;
    }
    try {
      parse(expression);
      return null;
    } catch (IllegalArgumentException e) {
      return "spec.backup.schedule: not a 5-field cron expression (" + e.getMessage() + ")";
    }
  }
}
