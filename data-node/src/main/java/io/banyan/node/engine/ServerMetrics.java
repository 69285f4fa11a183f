package io.banyan.node.engine;

/**
 * Sampled metrics for INFO: the instantaneous operation and network rates (Redis keeps a ring of 16
 * samples taken every 100 ms and reports their mean) and the peak of used memory. Sampled from the
 * cron on the command-execution thread.
 */
public final class ServerMetrics {
  private static final int SAMPLES = 16;
  private static final long PERIOD_MS = 100;

  /** One sampled counter: its last reading and the ring of per-second rates. */
  private static final class Rate {
    final double[] samples = new double[SAMPLES];
    int next;
    long lastValue = -1;

    void sample(long value, long elapsedMs) {
      if (lastValue >= 0 && elapsedMs > 0) {
        samples[next] = (value - lastValue) * 1000.0 / elapsedMs;
        next = (next + 1) % SAMPLES;
      }
      lastValue = value;
    }

    double mean() {
      double sum = 0;
      for (double s : samples) {
        sum += s;
      }
      return sum / SAMPLES;
    }
  }

  private final Engine engine;
  private final Rate ops = new Rate();
  private final Rate inputBytes = new Rate();
  private final Rate outputBytes = new Rate();
  private long lastSampleMs;
  private long peakMemory;

  ServerMetrics(Engine engine) {
    this.engine = engine;
  }

  /** Cron task: takes a sample when 100 ms have passed since the previous one. */
  void tick() {
    updatePeakMemory();
    long now = System.currentTimeMillis();
    long elapsed = now - lastSampleMs;
    if (lastSampleMs != 0 && elapsed < PERIOD_MS) {
      return;
    }
    ServerStats s = engine.stats();
    ops.sample(s.commandsProcessed, elapsed);
    inputBytes.sample(s.inputBytes.sum(), elapsed);
    outputBytes.sample(s.outputBytes.sum(), elapsed);
    lastSampleMs = now;
  }

  /** instantaneous_ops_per_sec. */
  public long opsPerSecond() {
    return Math.round(ops.mean());
  }

  /** instantaneous_input_kbps. */
  public double inputKbps() {
    return inputBytes.mean() / 1024;
  }

  /** instantaneous_output_kbps. */
  public double outputKbps() {
    return outputBytes.mean() / 1024;
  }

  /** The highest used memory seen, after folding in the current value. */
  public long peakMemory() {
    updatePeakMemory();
    return peakMemory;
  }

  private void updatePeakMemory() {
    peakMemory = Math.max(peakMemory, engine.usedMemory());
  }
}
