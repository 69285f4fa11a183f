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
  /** What {@link BackupJob#key} puts after {@code <cluster>-}. */
  private static final java.util.regex.Pattern STAMP =
      java.util.regex.Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z\\.rdb");

  private Retention() {}

  record Stored(String key, Instant lastModified) {}

  static List<String> toDelete(List<Stored> stored, String prefix, String cluster, int keepLast) {
    String start = prefix + "/" + cluster + "-";
    List<Stored> ours =
        stored.stream()
            .filter(s -> s.key().startsWith(start))
            // Only our names: another cluster "<cluster>-x" may share the prefix.
            .filter(s -> STAMP.matcher(s.key().substring(start.length())).matches())
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
