package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.testing.MockApi;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event recorder against fabric8's mock API server in CRUD mode, on a clock the test moves:
 * repeats update one Event's count, new Events are rate-limited per reason, and nothing is read.
 */
class ClusterEventsIT {
  private static MockApi api;
  private static KubernetesClient client;

  /** The recorder's own client, so its requests can be told from the test's reads. */
  private static KubernetesClient recorderClient;

  private final MovableClock clock = new MovableClock();
  private ClusterEvents events;
  private StoreCluster sc;

  @BeforeAll
  static void startApi() {
    api = MockApi.start();
    client = api.client();
    recorderClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration()).withUserAgent("recorder").build())
            .build();
  }

  @AfterAll
  static void stopApi() {
    recorderClient.close();
    api.close();
  }

  @BeforeEach
  void newRecorder() throws Exception {
    events = new ClusterEvents(recorderClient, clock);
    sc = new StoreCluster();
    sc.getMetadata().setName("ev");
    sc.getMetadata().setNamespace("events-" + UUID.randomUUID().toString().substring(0, 8));
    sc.getMetadata().setUid(UUID.randomUUID().toString());
    requests(); // forget the requests of earlier tests
  }

  private List<Event> stored() {
    return client.v1().events().inNamespace(sc.getMetadata().getNamespace()).list().getItems();
  }

  /** The recorder's requests since the last call, as {@code METHOD path}. */
  private static List<String> requests() throws InterruptedException {
    return api.requestsFrom("recorder");
  }

  @Test
  void aRepeatedWarningIsOneEventWhoseCountIsWrittenAtMostEveryRefresh() throws Exception {
    events.warning(sc, "NodeCommandFailed", "jf-a-1: connection refused");
    clock.advance(Duration.ofSeconds(1));
    events.warning(sc, "NodeCommandFailed", "jf-a-1: connection refused");
    assertThat(stored()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(2));
    assertThat(requests())
        .as("one create, then one patch for the first repeat; never a read")
        .satisfiesExactly(
            r -> assertThat(r).startsWith("POST "), r -> assertThat(r).startsWith("PATCH "));

    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      events.warning(sc, "NodeCommandFailed", "jf-a-1: connection refused");
      events.flush();
    }
    assertThat(requests()).as("later repeats wait for the refresh").isEmpty();
    assertThat(stored()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(2));

    clock.advance(ClusterEvents.REFRESH);
    events.flush();
    assertThat(stored())
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(7))
        .satisfies(e -> assertThat(e.getLastTimestamp()).isEqualTo("2030-01-01T00:00:06Z"))
        .satisfies(e -> assertThat(e.getFirstTimestamp()).isEqualTo("2030-01-01T00:00:00Z"));
    assertThat(requests()).singleElement().satisfies(r -> assertThat(r).startsWith("PATCH "));
    events.flush();
    assertThat(requests()).as("nothing new, nothing written").isEmpty();
  }

  @Test
  void anotherMessageOrTypeIsAnotherEvent() {
    events.warning(sc, "NodeCommandFailed", "jf-a-1: connection refused");
    events.warning(sc, "NodeCommandFailed", "jf-b-0: connection refused");
    events.normal(sc, "NodeCommandFailed", "jf-b-0: connection refused");
    assertThat(stored()).hasSize(3).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void aSeriesQuietForTheWindowStartsANewEvent() {
    events.warning(sc, "MasterNotRemoved", "jf-a-0 is the master");
    clock.advance(ClusterEvents.WINDOW);
    events.warning(sc, "MasterNotRemoved", "jf-a-0 is the master");
    assertThat(stored()).hasSize(2);
  }

  @Test
  void newEventsAreRateLimitedPerReason() {
    for (int i = 0; i < ClusterEvents.BURST + 10; i++) {
      events.warning(sc, "NoFailoverCandidate", "lagging for " + i + " ms");
    }
    events.normal(sc, "Replicating", "jf-a-s1 now replicates from jf-a-0");
    assertThat(stored()).filteredOn(e -> e.getReason().equals("Replicating")).hasSize(1);
    assertThat(stored())
        .filteredOn(e -> e.getReason().equals("NoFailoverCandidate"))
        .hasSize(ClusterEvents.BURST);

    clock.advance(ClusterEvents.REFILL);
    events.warning(sc, "NoFailoverCandidate", "lagging for 1 s");
    events.warning(sc, "NoFailoverCandidate", "lagging for 2 s");
    assertThat(stored())
        .filteredOn(e -> e.getReason().equals("NoFailoverCandidate"))
        .as("one more per refill period")
        .hasSize(ClusterEvents.BURST + 1);
  }

  @Test
  void aRepeatOfAnEventTheServerDeletedStartsAnotherOne() {
    events.warning(sc, "MasterNotRemoved", "jf-a-0 is the master");
    client.v1().events().inNamespace(sc.getMetadata().getNamespace()).delete();
    clock.advance(Duration.ofSeconds(1));
    events.warning(sc, "MasterNotRemoved", "jf-a-0 is the master"); // the patch meets a 404
    clock.advance(Duration.ofSeconds(1));
    events.warning(sc, "MasterNotRemoved", "jf-a-0 is the master");
    assertThat(stored()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  /** A clock the test moves by hand, from 2030-01-01T00:00:00Z. */
  static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2030-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
