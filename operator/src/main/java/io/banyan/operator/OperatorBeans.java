package io.banyan.operator;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Quarkus wiring: the operator's settings from configuration (env or application.properties). */
@Singleton
public class OperatorBeans {
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
}
