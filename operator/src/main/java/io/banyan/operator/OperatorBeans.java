package io.banyan.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.Unremovable;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Quarkus wiring: the operator's settings from configuration (env or application.properties). */
@Singleton
public class OperatorBeans {
  /**
   * The operator's requests carry the user agent {@value OperatorBootstrap#USER_AGENT} here too, so
   * an API server's audit log tells them apart (quarkus-kubernetes-client applies every customizer
   * bean to the client's configuration).
   */
  @Produces
  @Singleton
  @Unremovable
  KubernetesConfigCustomizer userAgent() {
    return config -> config.setUserAgent(OperatorBootstrap.USER_AGENT);
  }

  @Produces
  @Singleton
  OperatorSettings settings(
      @ConfigProperty(name = "banyan.operator.server-side-apply", defaultValue = "true")
          boolean serverSideApply,
      @ConfigProperty(name = "banyan.operator.probe-timeout", defaultValue = "800ms")
          Duration probeTimeout,
      @ConfigProperty(name = "banyan.operator.probe-interval", defaultValue = "1s")
          Duration probeInterval) {
    return new OperatorSettings(serverSideApply, probeTimeout, probeInterval);
  }

  /**
   * Leader election (the Helm chart turns it on, so a rolling update never runs two operators at
   * once): quarkus-operator-sdk looks this bean up; null means off.
   */
  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection(
      @ConfigProperty(name = "banyan.leader-election.enabled", defaultValue = "false")
          boolean enabled,
      @ConfigProperty(name = "banyan.leader-election.lease-name", defaultValue = "banyan-operator")
          String leaseName,
      @ConfigProperty(name = "banyan.leader-election.lease-namespace")
          Optional<String> leaseNamespace) {
    if (!enabled) {
      return null;
    }
    return leaseNamespace
        .map(ns -> new LeaderElectionConfiguration(leaseName, ns))
        .orElseGet(() -> new LeaderElectionConfiguration(leaseName));
  }
}
