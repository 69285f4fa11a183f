package io.banyan.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart lints and renders what an install needs: the operator Deployment with its probes,
 * port and hardening, and the watched-namespace configuration. RBAC content: {@link ChartRbacTest}.
 */
class HelmChartTest {

  @Test
  void lintPassesInStrictMode() {
    LintResult result = new Helm(RenderedChart.chartDir()).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
  }

  @Test
  void defaultsRenderTheOperatorAndClusterWideRbac() {
    RenderedChart chart = RenderedChart.render();

    assertThat(chart.kinds())
        .contains(
            "Deployment",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding")
        .doesNotContain("Service", "ServiceMonitor");
    assertThat(chart.ofKind("Role"))
        .singleElement()
        .satisfies(
            role ->
                assertThat(role.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE));
  }

  @Test
  void deploymentHasProbesOnTheHttpPortAndAHardenedContainer() {
    Container container = operatorContainer(RenderedChart.render());

    assertThat(container.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("http:8080", "restore:7480"); // restore: docs/backup.md
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("BANYAN_RESTORE_PORT");
              assertThat(e.getValue()).isEqualTo("7480");
            })
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("POD_IP");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
            });
    assertHttpProbe(container.getLivenessProbe(), "/q/health/live");
    assertHttpProbe(container.getReadinessProbe(), "/q/health/ready");
    assertHttpProbe(container.getStartupProbe(), "/q/health/started");

    var security = container.getSecurityContext();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getImage()).isEqualTo("ghcr.io/banyan/banyan-operator:0.1.0");
  }

  @Test
  void defaultsWatchAllNamespacesAndPassThePodNamespace() {
    Container container = operatorContainer(RenderedChart.render());

    assertThat(env(container, "QUARKUS_OPERATOR_SDK_NAMESPACES").getValue())
        .isEqualTo("JOSDK_ALL_NAMESPACES");
    assertThat(env(container, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
  }

  @Test
  void watchNamespacesSetsTheOperatorsNamespaceList() {
    Container container = operatorContainer(RenderedChart.render("watchNamespaces: [a, b]"));

    assertThat(env(container, "QUARKUS_OPERATOR_SDK_NAMESPACES").getValue()).isEqualTo("a,b");
  }

  @Test
  void leaderElectionIsOnByDefaultAndForcedOnWithSeveralReplicas() {
    assertThat(leaderElectionEnv("{}")).isEqualTo("true");
    assertThat(leaderElectionEnv("leaderElection: {enabled: false}")).isEqualTo("false");
    assertThat(leaderElectionEnv("{leaderElection: {enabled: false}, replicaCount: 2}"))
        .isEqualTo("true");

    Container container = operatorContainer(RenderedChart.render());
    assertThat(env(container, "BANYAN_LEADER_ELECTION_LEASE_NAME").getValue())
        .isEqualTo("banyan-banyan-operator-leader");
    assertThat(env(container, "BANYAN_LEADER_ELECTION_LEASE_NAMESPACE").getValue())
        .isEqualTo(RenderedChart.NAMESPACE);
  }

  @Test
  void metricsServiceAndServiceMonitorAreOptIn() {
    RenderedChart chart = RenderedChart.render("metrics: {serviceMonitor: {enabled: true}}");

    assertThat(chart.kinds()).contains("Service", "ServiceMonitor");
    var monitor = chart.ofKind("ServiceMonitor").get(0);
    assertThat(monitor.get("spec", "endpoints", 0, "path").toString()).isEqualTo("/q/metrics");
    assertThat(monitor.get("spec", "endpoints", 0, "port").toString()).isEqualTo("http");
  }

  @Test
  void valuesSchemaRejectsUnknownKeys() {
    assertThatThrownBy(() -> RenderedChart.render("replicaCont: 2"))
        .hasMessageContaining("replicaCont");
  }

  @Test
  void chartCrdIsByteIdenticalToTheTopLevelCrd() throws IOException {
    String file = "storeclusters.banyan.io-v1.yml";
    Path topLevel = RenderedChart.repoRoot().resolve("crds").resolve(file);
    Path inChart = RenderedChart.chartDir().resolve("crds").resolve(file);

    assertThat(Files.mismatch(topLevel, inChart))
        .as(
            "%s differs from %s (first differing byte shown); Helm installs the chart's copy. Fix: "
                + "cp crds/%s charts/banyan-operator/crds/%s",
            inChart, topLevel, file, file)
        .isEqualTo(-1L);
  }

  private static Container operatorContainer(RenderedChart chart) {
    Deployment deployment = chart.single("Deployment", Deployment.class);
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static String leaderElectionEnv(String values) {
    return env(operatorContainer(RenderedChart.render(values)), "BANYAN_LEADER_ELECTION_ENABLED")
        .getValue();
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> name.equals(e.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.getEnv()));
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertThat(probe).as("probe for %s", path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }
}
