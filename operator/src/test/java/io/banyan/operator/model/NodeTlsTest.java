package io.banyan.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.TlsSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What spec.tls renders: config lines, Secret volumes, probes untouched, and pod revisions. */
class NodeTlsTest {
  private static StoreCluster cluster(Consumer<StoreCluster> change) {
    try {
      StoreCluster sc = ClusterObjectsTest.load("three-datacenters.yaml");
      change.accept(sc);
      return sc;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void tls(StoreCluster sc, String secret, String ca, TlsSpec.ClientAuth auth) {
    sc.getSpec().tls = new TlsSpec();
    sc.getSpec().tls.secretName = secret;
    sc.getSpec().tls.caSecretName = ca;
    sc.getSpec().tls.clientAuth = auth;
  }

  private static List<Pod> pods(StoreCluster sc) {
    return ClusterObjects.desired(sc).pods();
  }

  @Test
  void withoutTlsTheNodeListensInPlaintextAndMountsNoSecret() {
    StoreCluster sc = cluster(c -> {});
    String config = ConfigRenderer.render(sc.getSpec());
    assertThat(config).contains("\nport 6379\n").doesNotContain("tls-");
    assertThat(pods(sc)).noneMatch(NodeTls::enabled);
  }

  @Test
  void tlsRendersATlsOnlyListenerOnTheUsualPortWithEncryptedReplication() {
    StoreCluster sc = cluster(c -> tls(c, "store-tls", null, null));
    assertThat(ConfigRenderer.render(sc.getSpec()))
        .contains(
            "\nport 0\n" + "tls-port 6379\n" + "tls-auth-clients no\n" + "tls-replication yes\n")
        .doesNotContain("port 6379\nbind");
    // The files are mount paths: on the command line, with the pod spec.
    assertThat(pods(sc).get(0).getSpec().getContainers().get(0).getArgs())
        .containsSubsequence(
            "--tls-cert-file",
            "/etc/banyan-tls/tls.crt",
            "--tls-key-file",
            "/etc/banyan-tls/tls.key",
            "--tls-ca-cert-file",
            "/etc/banyan-tls/ca.crt");
    // The rendered file loads in the data node's own parser.
    assertThat(LiveSettings.of(ConfigRenderer.render(sc.getSpec())).restart())
        .containsEntry("tls-port", "6379")
        .containsEntry("port", "0");
  }

  @Test
  void aSeparateCaSecretIsMountedAndClientAuthMapsToRedisValues() {
    StoreCluster sc = cluster(c -> tls(c, "store-tls", "store-ca", TlsSpec.ClientAuth.Required));
    assertThat(ConfigRenderer.render(sc.getSpec())).contains("tls-auth-clients yes\n");
    assertThat(pods(sc).get(0).getSpec().getContainers().get(0).getArgs())
        .containsSubsequence("--tls-ca-cert-file", "/etc/banyan-tls-ca/ca.crt");
    tls(sc, "store-tls", null, TlsSpec.ClientAuth.Optional);
    assertThat(ConfigRenderer.render(sc.getSpec())).contains("tls-auth-clients optional\n");

    sc = cluster(c -> tls(c, "store-tls", "store-ca", null));
    for (Pod pod : pods(sc)) {
      assertThat(NodeTls.enabled(pod)).isTrue();
      List<Volume> volumes = pod.getSpec().getVolumes();
      assertThat(volumes)
          .filteredOn(v -> v.getName().equals(NodeTls.VOLUME))
          .singleElement()
          .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("store-tls"))
          .satisfies(v -> assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440));
      assertThat(volumes)
          .filteredOn(v -> v.getName().equals(NodeTls.CA_VOLUME))
          .singleElement()
          .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("store-ca"));
      Container c = pod.getSpec().getContainers().get(0);
      List<VolumeMount> mounts = c.getVolumeMounts();
      assertThat(mounts)
          .filteredOn(m -> m.getName().startsWith("tls"))
          .extracting(VolumeMount::getMountPath, VolumeMount::getReadOnly, VolumeMount::getSubPath)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(NodeTls.DIR, true, null),
              org.assertj.core.groups.Tuple.tuple(NodeTls.CA_DIR, true, null));
      // Probes and the preStop hook use the HTTP port, which TLS does not change.
      assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
      assertThat(c.getLivenessProbe().getHttpGet().getScheme()).isEqualTo("HTTP");
      assertThat(c.getPorts())
          .anySatisfy(
              p -> {
                assertThat(p.getName()).isEqualTo(NodeContainer.REDIS_PORT_NAME);
                assertThat(p.getContainerPort()).isEqualTo(ConfigRenderer.PORT);
              });
    }
  }

  @Test
  void switchingTlsOnOrOffChangesEveryRevisionButTheSecretsContentCannot() {
    List<String> plain = revisions(cluster(c -> {}));
    List<String> on = revisions(cluster(c -> tls(c, "store-tls", null, null)));
    List<String> otherCa = revisions(cluster(c -> tls(c, "store-tls", "store-ca", null)));
    for (int i = 0; i < plain.size(); i++) {
      assertThat(on.get(i)).isNotEqualTo(plain.get(i));
      assertThat(otherCa.get(i)).isNotEqualTo(on.get(i));
    }
    // Only names reach the pod: the same spec after a rotation gives the same revisions.
    assertThat(revisions(cluster(c -> tls(c, "store-tls", null, null)))).isEqualTo(on);
    // The ConfigMap does not change either, so nothing is rolled out on a rotation.
    assertThat(ConfigRenderer.restartFingerprint(cluster(c -> tls(c, "a", null, null)).getSpec()))
        .isEqualTo(
            ConfigRenderer.restartFingerprint(cluster(c -> tls(c, "b", null, null)).getSpec()));
  }

  @Test
  void tlsOptionsAreRestartOptionsForTheOperator() {
    assertThat(ConfigClasses.of("tls-port")).isEqualTo(ConfigClasses.ConfigClass.RESTART);
    assertThat(ConfigClasses.of("tls-auth-clients")).isEqualTo(ConfigClasses.ConfigClass.RESTART);
    assertThat(ConfigClasses.of("port")).isEqualTo(ConfigClasses.ConfigClass.RESTART);
  }

  /** examples/tls/cert-manager.yaml names every pod and Service of the three-dc example. */
  @Test
  void theCertManagerExampleNamesEveryPodAndService() throws Exception {
    var yaml =
        new com.fasterxml.jackson.databind.ObjectMapper(
            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    List<String> dnsNames = new java.util.ArrayList<>();
    try (var parser =
        yaml.getFactory()
            .createParser(
                io.banyan.operator.testing.Repo.root()
                    .resolve("examples/tls/cert-manager.yaml")
                    .toFile())) {
      var docs = yaml.readValues(parser, com.fasterxml.jackson.databind.JsonNode.class);
      while (docs.hasNext()) {
        var doc = docs.next();
        if (doc.path("metadata").path("name").asText().equals("three-dc-tls")) {
          doc.path("spec").path("dnsNames").forEach(n -> dnsNames.add(n.asText()));
          assertThat(doc.path("spec").path("usages").toString())
              .contains("server auth")
              .contains("client auth");
          // cert-manager's default key encoding (PKCS#1): the node reads it as well as PKCS#8.
          assertThat(doc.path("spec").path("privateKey").path("algorithm").asText())
              .isEqualTo("RSA");
        }
      }
    }
    StoreCluster sc = cluster(c -> {});
    String ns = "default";
    var desired = ClusterObjects.desired(sc);
    for (Pod pod : desired.pods()) {
      String name =
          pod.getSpec().getHostname() + "." + pod.getSpec().getSubdomain() + "." + ns + ".svc";
      assertThat(dnsNames).as(name).anyMatch(d -> covers(d, name));
    }
    for (var service : desired.services()) {
      if (service.getSpec().getClusterIP() == null
          || !service.getSpec().getClusterIP().equals("None")) {
        String name = service.getMetadata().getName() + "." + ns + ".svc";
        assertThat(dnsNames).as(name).anyMatch(d -> covers(d, name));
      }
    }
  }

  /** A certificate name covers a host name: equal, or a wildcard for exactly its first label. */
  private static boolean covers(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
    }
    return pattern.equals(host);
  }

  private static List<String> revisions(StoreCluster sc) {
    return pods(sc).stream().map(PodRevision::current).toList();
  }
}
