package io.banyan.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A running container's Secret volume follows the Secret, as the kubelet refreshes it: the new
 * files appear in place (same process, no restart), and a subPath mount keeps its first content.
 */
class VolumeRefreshIT {
  private static TestCluster k8s;

  @BeforeAll
  static void start() {
    k8s = TestCluster.start("refresh", 209, c -> c.withVolumeRefresh(Duration.ofMillis(300)));
  }

  @AfterAll
  static void stop() {
    k8s.close();
  }

  @Test
  void aRotatedSecretReachesTheRunningContainerWithoutARestart() throws Exception {
    k8s.client.secrets().resource(secret("cert-1")).create();
    Pod pod =
        new PodBuilder(TestPods.fakePod("reader", "us-east-1a"))
            .editSpec()
            .addNewVolume()
            .withName("tls")
            .withNewSecret()
            .withSecretName("reader-tls")
            .withDefaultMode(0440)
            .endSecret()
            .endVolume()
            .editFirstContainer()
            .addNewVolumeMount()
            .withName("tls")
            .withMountPath("/etc/tls")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("tls")
            .withMountPath("/etc/pinned.crt")
            .withSubPath("tls.crt")
            .endVolumeMount()
            .endContainer()
            .endSpec()
            .build();
    k8s.client.pods().resource(pod).create();
    k8s.await("reader", "running", () -> k8s.runs("reader"));
    long pid = k8s.local("reader").pid();
    Path dir = TestPods.stateDir("refresh").resolve("pods/reader/volumes/tls");
    Path pinned = dir.resolve(AtomicVolumeWriter.DATA).toRealPath().resolve("tls.crt");
    assertThat(Files.readString(dir.resolve("tls.crt"))).isEqualTo("cert-1");

    k8s.client.secrets().resource(secret("cert-2")).update();
    k8s.await(
        "reader",
        "the rotated certificate in its volume",
        () -> Files.readString(dir.resolve("tls.crt")).equals("cert-2"));
    assertThat(k8s.local("reader").pid()).as("the same process").isEqualTo(pid);
    assertThat(Files.readString(pinned)).as("a subPath mount is not refreshed").isEqualTo("cert-1");
  }

  private static Secret secret(String cert) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("reader-tls")
        .withNamespace(TestPods.NAMESPACE)
        .endMetadata()
        .withType("kubernetes.io/tls")
        .addToStringData("tls.crt", cert)
        .addToStringData("tls.key", "key")
        .build();
  }
}
