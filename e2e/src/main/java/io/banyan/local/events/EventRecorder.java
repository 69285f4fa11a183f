package io.banyan.local.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * core/v1 Events as the harness's stand-ins for Kubernetes components write them ({@code
 * default-scheduler}, {@code kubelet}, {@code controllermanager}), so {@code kubectl
 * describe}-style diagnostics show why a pod is Pending, was killed or could not be evicted. Like
 * client-go's recorder it aggregates: a repeat of the same reason and message for the same object
 * increments {@code count} and {@code lastTimestamp} instead of creating another Event. Writes
 * happen on a thread of their own, so callers (the kubelet's loop) never wait for the API.
 */
public final class EventRecorder implements AutoCloseable {
  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";
  private static final Logger LOG = Logger.getLogger(EventRecorder.class.getName());

  private final KubernetesClient client;
  private final String component;
  private final Map<String, String> eventByKey = new HashMap<>();
  private final ExecutorService writer;

  public EventRecorder(KubernetesClient client, String component) {
    this.client = client;
    this.component = component;
    this.writer =
        Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("events-" + component).unstarted(r));
  }

  /** Records an event about {@code object} (a Node's events go to namespace default). */
  public void record(HasMetadata object, String type, String reason, String message) {
    String namespace =
        object.getMetadata().getNamespace() == null
            ? "default"
            : object.getMetadata().getNamespace();
    String kind = object.getKind();
    String apiVersion = object.getApiVersion();
    String name = object.getMetadata().getName();
    String uid = object.getMetadata().getUid();
    writer.execute(
        () -> {
          try {
            write(namespace, kind, apiVersion, name, uid, type, reason, message);
          } catch (KubernetesClientException e) {
            LOG.log(Level.FINE, "cannot record event " + reason + " for " + name, e);
          }
        });
  }

  private void write(
      String namespace,
      String kind,
      String apiVersion,
      String name,
      String uid,
      String type,
      String reason,
      String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String key = namespace + "/" + name + "/" + uid + "/" + reason + "/" + message;
    String existing = eventByKey.get(key);
    if (existing != null) {
      Event updated =
          client
              .v1()
              .events()
              .inNamespace(namespace)
              .withName(existing)
              .edit(
                  e -> {
                    e.setCount(e.getCount() == null ? 2 : e.getCount() + 1);
                    e.setLastTimestamp(now);
                    return e;
                  });
      if (updated != null) {
        return;
      }
    }
    String eventName = name + "." + Long.toHexString(System.nanoTime());
    client
        .v1()
        .events()
        .inNamespace(namespace)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(eventName)
                .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                .withKind(kind)
                .withApiVersion(apiVersion)
                .withName(name)
                .withNamespace(
                    "default".equals(namespace) && "Node".equals(kind) ? null : namespace)
                .withUid(uid)
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withNewSource()
                .withComponent(component)
                .endSource()
                .withReportingComponent(component)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build())
        .create();
    eventByKey.put(key, eventName);
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
