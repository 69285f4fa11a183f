package io.banyan.operator.backup;

import io.banyan.operator.api.BackupStatus;
import io.banyan.operator.api.S3Spec;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Takes one backup: an rdb-only full sync from the chosen node ({@link SnapshotStream}) streamed
 * into a multipart upload ({@link MultipartSink}), then retention. Blocking; runs on the backup
 * executor, never on the reconcile thread. Every failure ends in a Failed record (the upload
 * aborted), never in an exception.
 */
final class BackupJob {
  /** Part size of the upload: memory per running backup. */
  static final int PART_SIZE = 8 * 1024 * 1024;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Everything the job needs, read on the reconcile thread before it starts. */
  record Request(
      String namespace,
      String cluster,
      S3Spec s3,
      S3Store.Keys keys,
      String sourceNode,
      String sourceHost,
      int sourcePort,
      io.banyan.operator.node.Credentials credentials,
      long epoch,
      String note,
      Integer keepLast,
      int partSize,
      int timeoutMillis,
      io.banyan.operator.node.NodeConnector connector) {}

  private BackupJob() {}

  /** The object key of a backup started at {@code started}. */
  static String key(String prefix, String cluster, Instant started) {
    return prefix + "/" + cluster + "-" + STAMP.format(started) + ".rdb";
  }

  /** The Running record written when the job starts. */
  static BackupStatus.Record running(Request r, Instant started) {
    BackupStatus.Record rec = new BackupStatus.Record();
    String key = key(r.s3().prefix(r.namespace(), r.cluster()), r.cluster(), started);
    rec.key = key;
    rec.name = key.substring(key.lastIndexOf('/') + 1, key.length() - ".rdb".length());
    rec.startedAt = started.toString();
    rec.sourceNode = r.sourceNode();
    rec.epoch = r.epoch();
    rec.phase = BackupStatus.Phase.Running;
    rec.message = r.note();
    return rec;
  }

  static BackupStatus.Record run(Request r, BackupStatus.Record running, Clock clock) {
    BackupStatus.Record rec = copy(running);
    try (S3Store store = S3Store.open(r.s3(), r.keys());
        SnapshotStream node =
            SnapshotStream.open(
                r.connector(),
                r.sourceHost(),
                r.sourcePort(),
                r.credentials(),
                r.timeoutMillis())) {
      SnapshotStream.FullResync sync = node.requestSnapshot();
      Map<String, String> metadata =
          Map.of(
              "banyan-cluster", r.cluster(),
              "banyan-node", r.sourceNode(),
              "banyan-replid", sync.replId(),
              "banyan-offset", Long.toString(sync.offset()),
              "banyan-epoch", Long.toString(r.epoch()));
      MultipartSink upload = store.upload(rec.key, metadata, r.partSize());
      try {
        node.copyRdbTo(upload);
        rec.sizeBytes = upload.complete();
      } catch (IOException | RuntimeException e) {
        upload.abort();
        throw e;
      }
      rec.offset = sync.offset();
      rec.phase = BackupStatus.Phase.Completed;
      rec.completedAt = Instant.now(clock).toString();
      rec.message = r.note() + "; " + applyRetention(store, r);
    } catch (IOException | SdkException | IllegalArgumentException e) {
      rec.phase = BackupStatus.Phase.Failed;
      rec.completedAt = Instant.now(clock).toString();
      rec.message = "from " + r.sourceNode() + ": " + e.getMessage();
    }
    return rec;
  }

  private static String applyRetention(S3Store store, Request r) {
    if (r.keepLast() == null) {
      return "retention: keep all";
    }
    String prefix = r.s3().prefix(r.namespace(), r.cluster());
    try {
      List<Retention.Stored> stored =
          store.list(prefix + "/").stream()
              .map(o -> new Retention.Stored(o.key(), o.lastModified()))
              .toList();
      List<String> old = Retention.toDelete(stored, prefix, r.cluster(), r.keepLast());
      for (String key : old) {
        store.delete(key);
      }
      return "retention: deleted " + old.size();
    } catch (SdkException e) {
      return "retention failed (retried after the next backup): " + e.getMessage();
    }
  }

  private static BackupStatus.Record copy(BackupStatus.Record r) {
    BackupStatus.Record c = new BackupStatus.Record();
    c.name = r.name;
    c.key = r.key;
    c.startedAt = r.startedAt;
    c.sourceNode = r.sourceNode;
    c.epoch = r.epoch;
    c.phase = r.phase;
    c.message = r.message;
    return c;
  }
}
