package io.banyan.operator.chart;

import static io.banyan.operator.chart.OperatorPermissions.CRD_CHECK;
import static io.banyan.operator.chart.OperatorPermissions.LEADER_ELECTION;
import static io.banyan.operator.chart.OperatorPermissions.STORAGE_CLASSES;
import static io.banyan.operator.chart.OperatorPermissions.STORE;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.chart.OperatorPermissions.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC grants exactly the verbs the operator needs (least privilege): no wildcards,
 * secrets never listed, watched or deleted (only read by name, and the operator's own record
 * written), and namespaced Roles instead of cluster-wide store access when the operator is limited
 * to some namespaces.
 */
class ChartRbacTest {
  private static final String SERVICE_ACCOUNT = "banyan-banyan-operator";

  @Test
  void clusterRoleGrantsExactlyTheOperatorsVerbs() {
    ClusterRole role = RenderedChart.render().single("ClusterRole", ClusterRole.class);

    assertNoWildcards(role.getRules());
    assertThat(OperatorPermissions.granted(role.getRules()))
        .isEqualTo(OperatorPermissions.union(STORE, CRD_CHECK, STORAGE_CLASSES));
  }

  @Test
  void secretsAreReadByNameAndWrittenButNeverListedOrDeleted() {
    ClusterRole role = RenderedChart.render().single("ClusterRole", ClusterRole.class);

    assertThat(OperatorPermissions.granted(role.getRules()).get(new Resource("", "secrets")))
        .containsExactlyInAnyOrder("get", "create", "update");
  }

  @Test
  void noClusterRoleListsOrWatchesSecretsInEitherMode() {
    for (String values : List.of("", "watchNamespaces: [a, b]")) {
      for (var resource : RenderedChart.render(values).ofKind("ClusterRole")) {
        ClusterRole role = RenderedChart.as(resource, ClusterRole.class);
        Set<String> verbs =
            OperatorPermissions.granted(role.getRules())
                .getOrDefault(new Resource("", "secrets"), Set.of());
        assertThat(verbs)
            .as("secrets in ClusterRole %s (values: %s)", role.getMetadata().getName(), values)
            .doesNotContain("list", "watch", "*");
      }
    }
  }

  @Test
  void clusterRoleIsBoundToTheOperatorsServiceAccount() {
    RenderedChart chart = RenderedChart.render();
    ClusterRole role = chart.single("ClusterRole", ClusterRole.class);
    ClusterRoleBinding binding = chart.single("ClusterRoleBinding", ClusterRoleBinding.class);

    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getName()).isEqualTo(SERVICE_ACCOUNT);
              assertThat(subject.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
            });
    assertThat(chart.ofKind("ServiceAccount").get(0).getMetadata().getName())
        .isEqualTo(SERVICE_ACCOUNT);
  }

  @Test
  void leaderElectionRoleOnlyTouchesLeasesInTheReleaseNamespace() {
    Role role = RenderedChart.render().single("Role", Role.class);

    assertThat(role.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertNoWildcards(role.getRules());
    assertThat(OperatorPermissions.granted(role.getRules()))
        .isEqualTo(OperatorPermissions.sorted(LEADER_ELECTION));
  }

  @Test
  void noLeaseRoleWhenLeaderElectionIsOff() {
    RenderedChart chart = RenderedChart.render("leaderElection: {enabled: false}");

    assertThat(chart.kinds()).doesNotContain("Role", "RoleBinding");
  }

  @Test
  void watchedNamespacesGetRolesInsteadOfClusterWideStoreAccess() {
    RenderedChart chart = RenderedChart.render("watchNamespaces: [a, b]");

    for (String namespace : List.of("a", "b")) {
      Role role = storeRoleIn(chart, namespace);
      assertNoWildcards(role.getRules());
      assertThat(OperatorPermissions.granted(role.getRules()))
          .isEqualTo(OperatorPermissions.sorted(STORE));
      RoleBinding binding = bindingIn(chart, namespace);
      assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
      assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    }
    // The only cluster-wide grants left are reading CRDs and StorageClasses.
    ClusterRole clusterRole = chart.single("ClusterRole", ClusterRole.class);
    assertThat(OperatorPermissions.granted(clusterRole.getRules()))
        .isEqualTo(OperatorPermissions.union(CRD_CHECK, STORAGE_CLASSES));
  }

  private static Role storeRoleIn(RenderedChart chart, String namespace) {
    return RenderedChart.as(inNamespace(chart.ofKind("Role"), namespace), Role.class);
  }

  private static RoleBinding bindingIn(RenderedChart chart, String namespace) {
    return RenderedChart.as(inNamespace(chart.ofKind("RoleBinding"), namespace), RoleBinding.class);
  }

  private static GenericKubernetesResource inNamespace(
      List<GenericKubernetesResource> resources, String namespace) {
    List<GenericKubernetesResource> matches =
        resources.stream().filter(r -> namespace.equals(r.getMetadata().getNamespace())).toList();
    assertThat(matches).as("resources in namespace %s", namespace).hasSize(1);
    return matches.get(0);
  }

  private static void assertNoWildcards(List<PolicyRule> rules) {
    for (PolicyRule rule : rules) {
      assertThat(rule.getApiGroups()).as("apiGroups of %s", rule).doesNotContain("*");
      assertThat(rule.getResources()).as("resources of %s", rule).doesNotContain("*");
      assertThat(rule.getVerbs()).as("verbs of %s", rule).doesNotContain("*");
      assertThat(rule.getResourceNames()).as("resourceNames of %s", rule).doesNotContain("*");
      assertThat(rule.getNonResourceURLs()).as("nonResourceURLs of %s", rule).isEmpty();
    }
  }
}
