package io.banyan.local.kubelet;

import io.banyan.local.api.EmbeddedApiServer;
import io.banyan.local.disruption.DisruptionController;
import io.banyan.local.scheduler.Scheduler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The Kubernetes stand-ins without the operator — API server, scheduler, disruption controller,
 * kubelet on the default cloud inventory — for tests that create pods by hand.
 */
public final class TestCluster implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(60);
  public final EmbeddedApiServer api;
  public final KubernetesClient client;
  public final ProcessKubelet kubelet;
  public final Scheduler scheduler;
  public final DisruptionController disruption;
  private final KubeletConfig config;

  private TestCluster(KubeletConfig config) {
    this.config = config;
    this.api = EmbeddedApiServer.start();
    this.client = api.client();
    this.kubelet = new ProcessKubelet(client, config).start();
    this.scheduler = new Scheduler(client).start();
    this.disruption = new DisruptionController(client).start();
  }

  /**
   * A cluster whose pods get addresses 127.{@code a}.x.N and state under target/it/{@code name}.
   */
  public static TestCluster start(String name, int a) {
    return new TestCluster(TestPods.kubeletConfig(name, a));
  }

  /** The same, with the kubelet's settings changed by {@code tune}. */
  public static TestCluster start(
      String name, int a, java.util.function.UnaryOperator<KubeletConfig> tune) {
    return new TestCluster(tune.apply(TestPods.kubeletConfig(name, a)));
  }

  public Pod pod(String name) {
    return client.pods().inNamespace(TestPods.NAMESPACE).withName(name).get();
  }

  public LocalPod local(String name) {
    return kubelet
        .pod(TestPods.NAMESPACE, name)
        .orElseThrow(() -> new AssertionError("the kubelet does not run " + name));
  }

  public boolean runs(String name) {
    return kubelet.pod(TestPods.NAMESPACE, name).isPresent();
  }

  public boolean ready(String name) {
    return TestPods.readyInApi(client, name);
  }

  /** The pod's container log (every run of it, appended). */
  public String log(String name) {
    Path file = config.stateDir().resolve("pods").resolve(name).resolve("container.log");
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a condition; on timeout, says what the API and the kubelet last reported. */
  public void await(String pod, String what, Callable<Boolean> condition) {
    try {
      org.awaitility.Awaitility.await(what)
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(50))
          .until(condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      Pod p = pod(pod);
      throw new AssertionError(
          what
              + " did not happen; kubelet: "
              + kubelet.pod(TestPods.NAMESPACE, pod)
              + "\npod: "
              + (p == null ? "gone" : io.fabric8.kubernetes.client.utils.Serialization.asYaml(p))
              + "\nlog:\n"
              + log(pod),
          e);
    }
  }

  @Override
  public void close() {
    disruption.close();
    scheduler.close();
    kubelet.close();
    api.close();
  }
}
