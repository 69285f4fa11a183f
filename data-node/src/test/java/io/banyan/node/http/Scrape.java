package io.banyan.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.HttpProbe;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scrape of {@code /metrics} in the Prometheus protobuf format, decoded with the client library's
 * own generated classes: family name → (labels → value).
 */
record Scrape(Map<String, Metrics.MetricFamily> families) {
  static final String PROTOBUF =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
          + " encoding=delimited";

  static Scrape of(int httpPort) throws IOException {
    HttpProbe.Answer a = HttpProbe.get("127.0.0.1", httpPort, "/metrics", PROTOBUF);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.contentType()).startsWith("application/vnd.google.protobuf");
    Map<String, Metrics.MetricFamily> out = new HashMap<>();
    InputStream in = new ByteArrayInputStream(a.body());
    Metrics.MetricFamily f;
    while ((f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
      out.put(f.getName(), f);
    }
    return new Scrape(out);
  }

  /** The values of a family by their labels ({@code {}} for none); empty when absent. */
  Map<Map<String, String>, Double> values(String name) {
    Map<Map<String, String>, Double> out = new HashMap<>();
    Metrics.MetricFamily f = families.get(name);
    if (f == null) {
      return out;
    }
    for (Metrics.Metric m : f.getMetricList()) {
      Map<String, String> labels = new TreeMap<>();
      for (Metrics.LabelPair l : m.getLabelList()) {
        labels.put(l.getName(), l.getValue());
      }
      double v =
          switch (f.getType()) {
            case COUNTER -> m.getCounter().getValue();
            case GAUGE -> m.getGauge().getValue();
            default -> m.getUntyped().getValue();
          };
      out.put(labels, v);
    }
    return out;
  }

  /** The value of an unlabelled metric. */
  double value(String name) {
    Map<Map<String, String>, Double> v = values(name);
    assertThat(v).as("metric %s in %s", name, families.keySet()).containsKey(Map.of());
    return v.get(Map.of());
  }

  Metrics.MetricType type(String name) {
    return families.get(name).getType();
  }

  /**
   * Runs Prometheus's own {@code promtool check metrics} on the text exposition; returns its exit
   * status and output.
   */
  static List<Object> promtool(byte[] text) throws Exception {
    Path file = Files.createTempFile("metrics-", ".txt");
    try {
      Files.write(file, text);
      Process p =
          new ProcessBuilder("promtool", "check", "metrics")
              .redirectInput(file.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return List.of(p.waitFor(), out);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
