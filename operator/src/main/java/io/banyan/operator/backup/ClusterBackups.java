package io.banyan.operator.backup;

import io.banyan.operator.api.BackupSpec;
import io.banyan.operator.api.BackupStatus;
import io.banyan.operator.api.CronSchedule;
import io.banyan.operator.api.S3Spec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.node.NodeConnector;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The backup step of a reconcile round, and what it owns across rounds: the executor backups run on
 * (one per cluster at a time, off the reconcile thread) and the {@link RdbSource} restores stream
 * from. A round only starts work and records finished work in status; it never waits.
 *
 * <p>One instance per operator process ({@link #shared}), as the operator's listening port is one:
 * the restore source listens on {@code BANYAN_RESTORE_PORT} (0: ephemeral) and is advertised to the
 * nodes as {@code POD_IP} in Kubernetes, as loopback in local mode. It is opened only when a
 * restore needs it.
 */
public final class ClusterBackups {
  /** How many backup records status keeps. */
  static final int RECORDS_KEPT = 10;

  private static final int SNAPSHOT_TIMEOUT_MILLIS = 30_000;

  private static volatile ClusterBackups shared;

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int restorePort;
  private final String restoreHost;
  private final int partSize;

  /** The data nodes' port ({@link NodeConnector#PORT}; tests run nodes elsewhere). */
  private final int nodePort;

  private RdbSource source;
  private final RestoreStep restore = new RestoreStep(this);

  private record Running(String name, Future<BackupStatus.Record> result) {}

  ClusterBackups(Clock clock, String restoreHost, int restorePort, int partSize, int nodePort) {
    this.clock = clock;
    this.nodePort = nodePort;
    this.restoreHost = restoreHost;
    this.restorePort = restorePort;
    this.partSize = partSize;
  }

  /** The operator's instance, configured from {@code POD_IP} and {@code BANYAN_RESTORE_PORT}. */
  public static ClusterBackups shared() {
    if (shared == null) {
      synchronized (ClusterBackups.class) {
        if (shared == null) {
          String podIp = setting("banyan.restore.host", "POD_IP");
          String port = setting("banyan.restore.port", "BANYAN_RESTORE_PORT");
          shared =
              new ClusterBackups(
                  Clock.systemUTC(),
                  podIp,
                  port == null ? 0 : Integer.parseInt(port),
                  BackupJob.PART_SIZE,
                  NodeConnector.PORT);
        }
      }
    }
    return shared;
  }

  private static String setting(String property, String env) {
    String v = System.getProperty(property);
    v = v == null || v.isBlank() ? System.getenv(env) : v;
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The restore source, opened on first use. */
  synchronized RdbSource source() {
    if (source == null) {
      try {
        // In a pod: every address, advertised as the pod IP. Locally: loopback only.
        InetAddress bind = restoreHost == null ? InetAddress.getLoopbackAddress() : null;
        String host = restoreHost == null ? "127.0.0.1" : restoreHost;
        source = new RdbSource(bind, restorePort, host);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen for restores on port " + restorePort, e);
      }
    }
    return source;
  }

  int nodePort() {
    return nodePort;
  }

  /** Ends the restore link of the node at {@code ip}, if one is open. */
  synchronized void forget(String ip) {
    if (source != null) {
      source.forget(ip);
    }
  }

  /**
   * One round's backup work. Returns whether the first master may be bootstrapped now: false while
   * {@code spec.bootstrap.fromBackup} is being restored into the initial master.
   */
  public boolean run(BackupRound r) {
    boolean bootstrap = restore.run(r);
    if (r.cluster().getStatus() != null && r.cluster().getStatus().currentMaster != null) {
      backups(r);
    }
    return bootstrap;
  }

  // ---- backups -------------------------------------------------------------------------------

  private void backups(BackupRound r) {
    StoreCluster sc = r.cluster();
    String uid = sc.getMetadata().getUid();
    StoreClusterStatus status = sc.getStatus();
    Running job = running.get(uid);
    if (job != null) {
      if (!job.result().isDone()) {
        return;
      }
      running.remove(uid);
      BackupStatus.Record done = result(job);
      sc = r.writeStatus().apply(withRecord(status, done));
      if (done.phase == BackupStatus.Phase.Completed) {
        r.events().normal("BackupCompleted", done.key + " (" + done.sizeBytes + " bytes)");
      } else {
        r.events().warning("BackupFailed", done.message);
      }
      return;
    }
    List<BackupStatus.Record> records = status.backups == null ? List.of() : status.backups;
    for (BackupStatus.Record rec : records) {
      if (rec.phase == BackupStatus.Phase.Running) {
        // Its job is not ours: the operator restarted while it ran.
        BackupStatus.Record lost = Serialization.clone(rec);
        lost.phase = BackupStatus.Phase.Failed;
        lost.completedAt = r.now().toString();
        lost.message = "the operator restarted during the backup";
        r.writeStatus().apply(withRecord(status, lost));
        return;
      }
    }
    BackupSpec spec = sc.getSpec().backup;
    if (spec == null) {
      return;
    }
    String token = requestToken(sc);
    boolean requested = token != null && !token.equals(status.lastBackupRequest);
    boolean scheduled =
        spec.schedule != null && CronSchedule.parse(spec.schedule).dueSince(lastStart(sc), r.now());
    if (requested || scheduled) {
      start(r, spec, requested ? token : status.lastBackupRequest, requested);
    }
  }

  private static String requestToken(StoreCluster sc) {
    Map<String, String> a = sc.getMetadata().getAnnotations();
    return a == null ? null : a.get(BackupSpec.REQUEST_ANNOTATION);
  }

  /** When the last backup started; the cluster's creation before the first. */
  private static Instant lastStart(StoreCluster sc) {
    List<BackupStatus.Record> records = sc.getStatus().backups;
    if (records != null && !records.isEmpty()) {
      return Instant.parse(records.get(records.size() - 1).startedAt);
    }
    String created = sc.getMetadata().getCreationTimestamp();
    return created == null ? Instant.EPOCH : Instant.parse(created);
  }

  private void start(BackupRound r, BackupSpec spec, String token, boolean requested) {
    StoreCluster sc = r.cluster();
    StoreClusterStatus status = sc.getStatus();
    var choice = BackupSource.choose(r.tree(), status.currentMaster, r.observations());
    if (choice.isEmpty() || r.addresses().get(choice.get().node()) == null) {
      r.events().warning("BackupWaiting", "no node can serve a snapshot now; retried next round");
      return;
    }
    String node = choice.get().node();
    String namespace = sc.getMetadata().getNamespace();
    S3Store.Keys keys;
    try {
      keys = keys(r, namespace, spec.s3, "spec.backup.s3");
    } catch (IllegalStateException e) {
      BackupStatus.Record failed = new BackupStatus.Record();
      failed.startedAt = r.now().toString();
      failed.completedAt = failed.startedAt;
      failed.phase = BackupStatus.Phase.Failed;
      failed.message = e.getMessage();
      StoreClusterStatus next = withRecord(status, failed);
      next.lastBackupRequest = token;
      r.writeStatus().apply(next);
      r.events().warning("BackupFailed", e.getMessage());
      return;
    }
    BackupJob.Request request =
        new BackupJob.Request(
            namespace,
            sc.getMetadata().getName(),
            spec.s3,
            keys,
            node,
            r.addresses().get(node),
            nodePort,
            r.credentialsOf().apply(node),
            status.epoch == null ? 0 : status.epoch,
            (requested ? "on demand" : "scheduled") + ", " + choice.get().note(),
            spec.retention == null ? null : spec.retention.keepLast,
            partSize,
            SNAPSHOT_TIMEOUT_MILLIS,
            r.connector());
    BackupStatus.Record rec = BackupJob.running(request, r.now());
    StoreClusterStatus next = withRecord(status, rec);
    next.lastBackupRequest = token;
    r.writeStatus().apply(next); // recorded before it starts: a request runs once
    running.put(
        sc.getMetadata().getUid(),
        new Running(rec.name, executor.submit(() -> BackupJob.run(request, rec, clock))));
    r.events().normal("BackupStarted", rec.key + " " + rec.message);
  }

  private static BackupStatus.Record result(Running job) {
    try {
      return job.result().get();
    } catch (Exception e) {
      BackupStatus.Record failed = new BackupStatus.Record();
      failed.name = job.name();
      failed.phase = BackupStatus.Phase.Failed;
      failed.message = "backup job failed: " + e;
      return failed;
    }
  }

  /** The status with {@code rec} replacing the record of the same name, or appended. */
  static StoreClusterStatus withRecord(StoreClusterStatus status, BackupStatus.Record rec) {
    StoreClusterStatus next = Serialization.clone(status);
    List<BackupStatus.Record> records =
        next.backups == null ? new ArrayList<>() : new ArrayList<>(next.backups);
    records.removeIf(x -> x.name != null && x.name.equals(rec.name));
    records.add(rec);
    while (records.size() > RECORDS_KEPT) {
      records.remove(0);
    }
    next.backups = records;
    return next;
  }

  /** The access keys of {@code s3.credentials}; null without credentials (the SDK's chain). */
  static S3Store.Keys keys(BackupRound r, String namespace, S3Spec s3, String field) {
    if (s3.credentials == null) {
      return null;
    }
    var c = s3.credentials;
    String id = r.secrets().value(namespace, c.secretName, c.accessKeyIdKey);
    String secret = r.secrets().value(namespace, c.secretName, c.secretAccessKeyKey);
    if (id == null || secret == null) {
      throw new IllegalStateException(
          field
              + ".credentials: Secret "
              + c.secretName
              + " must hold the keys "
              + c.accessKeyIdKey
              + " and "
              + c.secretAccessKeyKey);
    }
    return new S3Store.Keys(id, secret);
  }

  /** For tests: waits for running backups and releases the executor and the restore source. */
  public synchronized void close() {
    executor.close();
    if (source != null) {
      source.close();
      source = null;
    }
  }
}
