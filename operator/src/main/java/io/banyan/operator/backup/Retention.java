package io.banyan.operator.backup;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Which backups to delete so that the newest {@code keepLast} remain. Pure. Only this cluster's
 * backup objects count ({@code <prefix>/<cluster>-<timestamp>.rdb}); anything else under the prefix
 * is left alone.
 */
final class Retention {
  private Retention() {}

  record Stored(String key, Instant lastModified) {}

  static List<String> toDelete(List<Stored> stored, String prefix, String cluster, int keepLast) {
    String start = prefix + "/" + cluster + "-";
    List<Stored> ours =
        stored.stream()
            .filter(s -> s.key().startsWith(start) && s.key().endsWith(".rdb"))
            .filter(s -> s.key().indexOf('/', start.length()) < 0)
            // Names carry a sortable UTC timestamp; the store's date breaks ties.
            .sorted(
                Comparator.comparing(Stored::key).thenComparing(Stored::lastModified).reversed())
            .toList();
    if (ours.size() <= keepLast) {
      return List.of();
    }
    return ours.subList(keepLast, ours.size()).stream().map(Stored::key).toList();
  }
}
