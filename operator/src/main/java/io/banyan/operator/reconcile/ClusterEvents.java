package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a Kubernetes Event on the StoreCluster for every action the operator takes, so {@code
 * kubectl describe sc} tells the story — deduplicated the way Kubernetes' own event recorder does,
 * because a failure that persists is reported again every round:
 *
 * <ul>
 *   <li>the same (object, type, reason, message) within {@link #WINDOW} of its last occurrence is
 *       one Event whose {@code count} and {@code lastTimestamp} grow (core/v1, what {@code kubectl
 *       describe} shows). The first repeat is written at once, later ones at most every {@link
 *       #REFRESH} (each reconcile {@link #flush flushes} what is due), so a failure repeating every
 *       second costs one PATCH per {@link #REFRESH}, not one request per second;
 *   <li>new Events are rate-limited per (object, reason) with a token bucket: {@link #BURST} at
 *       once, then one per {@link #REFILL} — a reason whose message changes every time (it names a
 *       duration, say) cannot flood the namespace either. What is dropped is still logged.
 * </ul>
 *
 * Only {@code create} and {@code patch} on events are needed (the chart's RBAC): the recorder never
 * reads Events back; what it knows about the Events it wrote lives in memory, and an operator
 * restart starts new series. Failing to record an event never fails a reconcile. Thread-safe.
 */
public final class ClusterEvents {
  static final Duration WINDOW = Duration.ofMinutes(10);
  static final Duration REFRESH = Duration.ofSeconds(30);
  static final int BURST = 25;
  static final Duration REFILL = Duration.ofSeconds(10);

  /** Series and buckets kept at most (least recently seen dropped first), as Kubernetes does. */
  static final int CACHE_SIZE = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);
  private static final String COMPONENT = "banyan-operator";

  /** One Event already written and its occurrences since. */
  private static final class Series {
    final String key;
    final String namespace;
    final String name;
    int count = 1;
    int written = 1;
    Instant lastSeen;
    Instant lastWritten;

    Series(String key, String namespace, String name, Instant now) {
      this.key = key;
      this.namespace = namespace;
      this.name = name;
      this.lastSeen = now;
      this.lastWritten = now;
    }
  }

  /** A token bucket: {@link #BURST} tokens, one more every {@link #REFILL}. */
  private static final class Bucket {
    double tokens = BURST;
    Instant at;

    Bucket(Instant now) {
      at = now;
    }

    boolean take(Instant now) {
      double refilled = Duration.between(at, now).toMillis() / (double) REFILL.toMillis();
      tokens = Math.min(BURST, tokens + Math.max(0, refilled));
      at = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Series> series = lru();
  private final Map<String, Bucket> buckets = lru();

  public ClusterEvents(KubernetesClient client) {
    this(client, Clock.systemUTC());
  }

  ClusterEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(StoreCluster sc, String reason, String message) {
    record(sc, "Normal", reason, message);
  }

  public void warning(StoreCluster sc, String reason, String message) {
    record(sc, "Warning", reason, message);
  }

  private void record(StoreCluster sc, String type, String reason, String message) {
    Instant now = clock.instant();
    String object = sc.getMetadata().getNamespace() + "/" + sc.getMetadata().getUid();
    String key = object + "/" + type + "/" + reason + "/" + message;
    Series existing;
    synchronized (this) {
      existing = series.get(key);
      if (existing != null && Duration.between(existing.lastSeen, now).compareTo(WINDOW) < 0) {
        existing.count++;
        existing.lastSeen = now;
        if (existing.written > 1
            && Duration.between(existing.lastWritten, now).compareTo(REFRESH) < 0) {
          return; // flushed later
        }
      } else {
        existing = null;
        if (!buckets.computeIfAbsent(object + "/" + reason, k -> new Bucket(now)).take(now)) {
          LOG.info("{} {} (not recorded: rate limit): {}", name(sc), reason, message);
          return;
        }
      }
    }
    if (existing != null) {
      patch(existing, now);
      return;
    }
    LOG.info("{}: {} {}", name(sc), reason, message);
    Series created = create(key, sc, type, reason, message, now);
    if (created != null) {
      synchronized (this) {
        series.put(key, created);
      }
    }
  }

  /**
   * Writes the counts of repeated Events not written for {@link #REFRESH}, and forgets series not
   * seen for {@link #WINDOW}. Called once per reconcile.
   */
  public void flush() {
    Instant now = clock.instant();
    Map<Series, Instant> due = new HashMap<>();
    synchronized (this) {
      for (Iterator<Series> it = series.values().iterator(); it.hasNext(); ) {
        Series s = it.next();
        if (Duration.between(s.lastSeen, now).compareTo(WINDOW) >= 0) {
          it.remove();
        } else if (s.count > s.written
            && Duration.between(s.lastWritten, now).compareTo(REFRESH) >= 0) {
          due.put(s, s.lastSeen);
        }
      }
    }
    due.forEach((s, lastSeen) -> patch(s, lastSeen));
  }

  private Series create(
      String key, StoreCluster sc, String type, String reason, String message, Instant now) {
    String time = timestamp(now);
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                sc.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
            .withNamespace(sc.getMetadata().getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(sc.getApiVersion())
                    .withKind(sc.getKind())
                    .withName(sc.getMetadata().getName())
                    .withNamespace(sc.getMetadata().getNamespace())
                    .withUid(sc.getMetadata().getUid())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(time)
            .withLastTimestamp(time)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .build();
    try {
      client.v1().events().inNamespace(sc.getMetadata().getNamespace()).resource(event).create();
      return new Series(key, sc.getMetadata().getNamespace(), event.getMetadata().getName(), now);
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {}: {}", reason, e.getMessage());
      return null;
    }
  }

  /** Writes the series' count and last time with a merge patch (no read first). */
  private void patch(Series s, Instant lastSeen) {
    int count;
    synchronized (this) {
      count = s.count;
      s.written = count;
      s.lastWritten = clock.instant();
    }
    Event target =
        new EventBuilder()
            .withNewMetadata()
            .withName(s.name)
            .withNamespace(s.namespace)
            .endMetadata()
            .build();
    String patch = "{\"count\":" + count + ",\"lastTimestamp\":\"" + timestamp(lastSeen) + "\"}";
    try {
      client.resource(target).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        // Expired (the API server deletes Events after an hour): the next occurrence starts anew.
        synchronized (this) {
          series.remove(s.key, s);
        }
      } else {
        LOG.warn("could not update event {}: {}", s.name, e.getMessage());
      }
    }
  }

  /** Event times are whole seconds (RFC 3339), as the API server stores them. */
  private static String timestamp(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String name(StoreCluster sc) {
    return sc.getMetadata().getNamespace() + "/" + sc.getMetadata().getName();
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > CACHE_SIZE;
      }
    };
  }
}
