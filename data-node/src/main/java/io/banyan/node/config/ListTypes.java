package io.banyan.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Value types of the options whose value is several words: save, bind, client-output-buffer-limit,
 * oom-score-adj-values, latency-tracking-info-percentiles and the shutdown-on-signal flags.
 */
public final class ListTypes {
  private ListTypes() {}

  /** save: pairs of seconds and changes; {@code ""} disables snapshots. */
  public static final class SaveRulesType implements ValueType<List<SaveRule>> {
    private static final String INVALID = "Invalid save parameters";
    private static final String EXPLANATION =
        "expected pairs of <seconds> <changes> (seconds at least 1, changes at least 0),"
            + " or \"\" to disable snapshots";

    @Override
    public List<SaveRule> parse(List<String> words, List<SaveRule> current) {
      List<String> w = words.size() == 1 && words.get(0).isEmpty() ? List.of() : words;
      if (w.size() % 2 != 0) {
        throw new InvalidValueException(INVALID, "'" + String.join(" ", w) + "': " + EXPLANATION);
      }
      List<SaveRule> rules = new ArrayList<>();
      for (int i = 0; i < w.size(); i += 2) {
        Long seconds = ScalarTypes.parseLenientLong(w.get(i));
        Long changes = ScalarTypes.parseLenientLong(w.get(i + 1));
        if (seconds == null || changes == null || seconds < 1 || changes < 0) {
          throw new InvalidValueException(INVALID, "'" + String.join(" ", w) + "': " + EXPLANATION);
        }
        rules.add(new SaveRule(seconds, changes));
      }
      return List.copyOf(rules);
    }

    @Override
    public String format(List<SaveRule> rules) {
      List<String> parts = new ArrayList<>();
      for (SaveRule r : rules) {
        parts.add(r.seconds() + " " + r.changes());
      }
      return String.join(" ", parts);
    }

    @Override
    public boolean multiWord() {
      return true;
    }

    @Override
    public List<RewriteLine> rewrite(List<SaveRule> rules, boolean isDefault) {
      // Always written: without a save line, a restart would bring back the default rules.
      if (rules.isEmpty()) {
        return List.of(new RewriteLine("\"\"", true));
      }
      List<RewriteLine> lines = new ArrayList<>();
      for (SaveRule r : rules) {
        lines.add(new RewriteLine(r.seconds() + " " + r.changes(), true));
      }
      return lines;
    }
  }

  /** bind: up to 16 addresses; {@code ""} for none. */
  public static final class BindType implements ValueType<List<String>> {
    @Override
    public List<String> parse(List<String> words, List<String> current) {
      if (words.size() > 16) {
        throw new InvalidValueException(
            "Too many bind addresses specified.", "at most 16 addresses can be given");
      }
      if (words.size() == 1 && words.get(0).isEmpty()) {
        return List.of();
      }
      return List.copyOf(words);
    }

    @Override
    public String format(List<String> value) {
      return String.join(" ", value);
    }

    @Override
    public boolean multiWord() {
      return true;
    }

    @Override
    public List<RewriteLine> rewrite(List<String> value, boolean isDefault) {
      if (isDefault) {
        return List.of();
      }
      return List.of(new RewriteLine(value.isEmpty() ? "\"\"" : format(value), true));
    }
  }

  /**
   * client-output-buffer-limit: groups of {@code <class> <hard> <soft> <soft-seconds>}, where the
   * class is normal, replica (or slave) or pubsub. Only the named classes change.
   *
   * <p>The value is {normal, replica, pubsub}, each {hard bytes, soft bytes, soft seconds}.
   */
  public static final class OutputBufferLimitsType implements ValueType<long[][]> {
    static final long[][] DEFAULTS = {
      {0, 0, 0}, {256L << 20, 64L << 20, 60}, {32L << 20, 8L << 20, 60}
    };
    private static final String[] CLASS_NAMES = {"normal", "slave", "pubsub"};

    @Override
    public long[][] parse(List<String> words, long[][] current) {
      if (words.size() % 4 != 0) {
        throw new InvalidValueException(
            "Wrong number of arguments in buffer limit configuration.",
            "expected groups of <class> <hard limit> <soft limit> <soft seconds>");
      }
      long[][] result = {current[0].clone(), current[1].clone(), current[2].clone()};
      for (int i = 0; i < words.size(); i += 4) {
        int cls =
            switch (words.get(i).toLowerCase(Locale.ROOT)) {
              case "normal" -> 0;
              case "slave", "replica" -> 1;
              case "pubsub" -> 2;
              default -> -1;
            };
        if (cls < 0) {
          throw new InvalidValueException(
              "Invalid client class specified in buffer limit configuration.",
              "'" + words.get(i) + "' is not a client class (normal, replica or pubsub)");
        }
        Long hard = ScalarTypes.parseMemory(words.get(i + 1));
        Long soft = ScalarTypes.parseMemory(words.get(i + 2));
        Long seconds = ScalarTypes.parseLenientLong(words.get(i + 3));
        if (hard == null || soft == null || seconds == null || seconds < 0) {
          throw new InvalidValueException(
              "Error in hard, soft or soft_seconds setting in buffer limit configuration.",
              "the limits of class '"
                  + words.get(i)
                  + "' must be two memory sizes and a number of seconds");
        }
        result[cls] = new long[] {hard, soft, seconds};
      }
      return result;
    }

    @Override
    public String format(long[][] value) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        parts.add(CLASS_NAMES[i] + " " + value[i][0] + " " + value[i][1] + " " + value[i][2]);
      }
      return String.join(" ", parts);
    }

    @Override
    public boolean multiWord() {
      return true;
    }

    @Override
    public List<RewriteLine> rewrite(long[][] value, boolean isDefault) {
      List<RewriteLine> lines = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        boolean force = !java.util.Arrays.equals(value[i], DEFAULTS[i]);
        String name = i == 1 ? "replica" : CLASS_NAMES[i];
        lines.add(
            new RewriteLine(
                name
                    + " "
                    + ScalarTypes.formatMemory(value[i][0])
                    + " "
                    + ScalarTypes.formatMemory(value[i][1])
                    + " "
                    + value[i][2],
                force));
      }
      return lines;
    }
  }

  /** oom-score-adj-values: three integers between -2000 and 2000. */
  public static final class OomScoreAdjValuesType implements ValueType<List<Long>> {
    @Override
    public List<Long> parse(List<String> words, List<Long> current) {
      if (words.size() != 3) {
        throw new InvalidValueException(
            "wrong number of arguments", "expected three values (master, replica, child process)");
      }
      List<Long> values = new ArrayList<>();
      for (String w : words) {
        Long v = ScalarTypes.parseLenientLong(w);
        if (v == null || v < -2000 || v > 2000) {
          throw new InvalidValueException(
              "Invalid oom-score-adj-values, elements must be between -2000 and 2000.",
              "'" + w + "' is not an integer between -2000 and 2000");
        }
        values.add(v);
      }
      return List.copyOf(values);
    }

    @Override
    public String format(List<Long> value) {
      List<String> parts = new ArrayList<>();
      for (Long v : value) {
        parts.add(Long.toString(v));
      }
      return String.join(" ", parts);
    }

    @Override
    public boolean multiWord() {
      return true;
    }
  }

  /** latency-tracking-info-percentiles: numbers between 0 and 100; {@code ""} for none. */
  public static final class PercentilesType implements ValueType<List<Double>> {
    private static final String NUMBER = "[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?";

    @Override
    public List<Double> parse(List<String> words, List<Double> current) {
      if (words.size() == 1 && words.get(0).isEmpty()) {
        return List.of();
      }
      List<Double> values = new ArrayList<>();
      for (String w : words) {
        Double d = w.matches(NUMBER) ? Double.valueOf(w) : null;
        if (d == null) {
          throw new InvalidValueException(
              "Invalid latency-tracking-info-percentiles parameters",
              "'" + w + "' is not a number");
        }
        if (d > 100.0 || d < 0.0) {
          throw new InvalidValueException(
              "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]",
              "'" + w + "' is not between 0 and 100");
        }
        values.add(d);
      }
      return List.copyOf(values);
    }

    @Override
    public String format(List<Double> value) {
      List<String> parts = new ArrayList<>();
      for (Double d : value) {
        // Redis prints %f and trims trailing zeros: 50.000000 -> 50, 99.900000 -> 99.9.
        String s = String.format(Locale.ROOT, "%f", d);
        if (s.indexOf('.') >= 0) {
          s = s.replaceAll("0+$", "");
          if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
          }
        }
        parts.add(s);
      }
      return String.join(" ", parts);
    }

    @Override
    public boolean multiWord() {
      return true;
    }

    @Override
    public List<RewriteLine> rewrite(List<Double> value, boolean isDefault) {
      return List.of(new RewriteLine(value.isEmpty() ? "\"\"" : format(value), true));
    }
  }

  /**
   * shutdown-on-sigint / shutdown-on-sigterm: {@code default}, or any of save, nosave, now, force
   * (save and nosave exclude each other).
   */
  public static final class ShutdownFlagsType implements ValueType<String> {
    private static final List<String> FLAGS = List.of("save", "nosave", "now", "force");

    @Override
    public String parse(List<String> words, String current) {
      boolean[] set = new boolean[FLAGS.size()];
      for (String w : words) {
        String lower = w.toLowerCase(Locale.ROOT);
        int i = FLAGS.indexOf(lower);
        if (i < 0 && !lower.equals("default")) {
          throw new InvalidValueException(
              "argument(s) must be one of the following: default, save, nosave, now, force",
              "'" + w + "' is not one of: default, save, nosave, now, force");
        }
        if (i >= 0) {
          set[i] = true;
        }
      }
      if (set[0] && set[1]) {
        throw new InvalidValueException(
            "shutdown options SAVE and NOSAVE can't be used simultaneously",
            "save and nosave cannot both be given");
      }
      List<String> names = new ArrayList<>();
      for (int i = 0; i < set.length; i++) {
        if (set[i]) {
          names.add(FLAGS.get(i));
        }
      }
      return names.isEmpty() ? "default" : String.join(" ", names);
    }

    @Override
    public String format(String value) {
      return value;
    }

    @Override
    public boolean multiWord() {
      return true;
    }
  }
}
