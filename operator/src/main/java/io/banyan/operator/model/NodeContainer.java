package io.banyan.operator.model;

import io.banyan.operator.api.MemorySize;
import io.banyan.operator.api.StoreClusterSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The data-node container: command line, environment, ports, the HTTP health probes, the preStop
 * hook that keeps a master serving until it has handed over, and a security context that the Pod
 * Security Standards' {@code restricted} profile admits.
 */
final class NodeContainer {
  static final String NAME = "data-node";
  static final String COMMAND = "banyan-node";
  static final String REDIS_PORT_NAME = "redis";
  static final String HTTP_PORT_NAME = "http";
  static final String CONFIG_DIR = "/etc/banyan";

  /** Where the Secret {@code <cluster>-acl} is mounted (read-only): aclfile, replication file. */
  static final String AUTH_DIR = "/etc/banyan-auth";

  static final String DATA_DIR = "/data";
  static final String TMP_DIR = "/tmp";
  static final String POD_IP_ENV = "POD_IP";
  static final String MEMORY_LIMIT_ENV = "BANYAN_MEMORY_LIMIT";
  static final String LIVEZ = "/livez";
  static final String READYZ = "/readyz";
  static final String PRESTOP = "/prestop";

  /**
   * How long the preStop hook may hold SIGTERM back while the node is a writable master, for the
   * operator to see the pod Terminating and hand over by a planned switchover: the data node's
   * FAILOVER is given 10 s (FailoverRound), once retried, plus the operator's reaction. A node that
   * is not a writable master answers the hook at once.
   */
  static final int PRESTOP_WAIT_SECONDS = 25;

  /**
   * The pod's terminationGracePeriodSeconds: the preStop wait, then {@value} − {@link
   * #PRESTOP_WAIT_SECONDS} = 35 s from SIGTERM to SIGKILL for the shutdown (the final save) — more
   * than Kubernetes' default 30 s gave it before the hook existed.
   */
  static final int TERMINATION_GRACE_SECONDS = 60;

  /**
   * The startup probe allows {@value} × 2 s for the JVM to start and the node to listen. Loading
   * the data set is not part of it: the node answers {@code /livez} (and {@code -LOADING}) while it
   * loads, so a large data set does not need a larger threshold.
   */
  static final int STARTUP_FAILURE_THRESHOLD = 60;

  private NodeContainer() {}

  static Container container(StoreClusterSpec spec, String cluster, String zone) {
    List<String> args =
        new ArrayList<>(
            List.of(
                CONFIG_DIR + "/" + ObjectNames.CONFIG_KEY,
                "--dir",
                DATA_DIR,
                "--banyan-start-fenced",
                "yes",
                // Per pod, hence not in the shared banyan.conf: the node announces it to its
                // master, whose write quorum may count only other zones' replicas.
                "--banyan-zone",
                zone));
    args.addAll(NodeTls.args(spec));
    List<EnvVar> env = new ArrayList<>();
    env.add(
        new EnvVarBuilder()
            .withName(POD_IP_ENV)
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .build());
    // Never without a password, and never one on the command line: the users and their password
    // hashes come from the aclfile, the replicas' masteruser/masterauth from a file it includes,
    // both in the operator's Secret <cluster>-acl (a path on the command line is no secret).
    args.addAll(
        List.of(
            "--aclfile",
            AUTH_DIR + "/" + AclFile.KEY,
            "--include",
            AUTH_DIR + "/" + AclFile.REPLICATION_KEY));
    if (MemorySize.limitBytes(spec) != null) {
      // The launcher sizes the heap from this (in bytes), as the downward API reports the limit.
      env.add(
          new EnvVarBuilder()
              .withName(MEMORY_LIMIT_ENV)
              .withNewValueFrom()
              .withNewResourceFieldRef()
              .withContainerName(NAME)
              .withResource("limits.memory")
              .withDivisor(new Quantity("1"))
              .endResourceFieldRef()
              .endValueFrom()
              .build());
    }
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(NAME)
            .withImage(spec.image == null ? StoreClusterSpec.DEFAULT_IMAGE : spec.image)
            .withCommand(COMMAND)
            .withArgs(args)
            .withEnv(env)
            .addNewPort()
            .withName(REDIS_PORT_NAME)
            .withContainerPort(ConfigRenderer.PORT)
            .withProtocol("TCP")
            .endPort()
            .addNewPort()
            .withName(HTTP_PORT_NAME)
            .withContainerPort(ConfigRenderer.HTTP_PORT)
            .withProtocol("TCP")
            .endPort()
            .withStartupProbe(probe(LIVEZ, 2, 2, STARTUP_FAILURE_THRESHOLD))
            .withLivenessProbe(probe(LIVEZ, 5, 3, 3))
            .withReadinessProbe(probe(READYZ, 2, 2, 3))
            .withNewLifecycle()
            .withNewPreStop()
            .withNewHttpGet()
            .withPath(PRESTOP + "?wait=" + PRESTOP_WAIT_SECONDS)
            .withNewPort(HTTP_PORT_NAME)
            .withScheme("HTTP")
            .endHttpGet()
            .endPreStop()
            .endLifecycle()
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withPrivileged(false)
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .addNewVolumeMount()
            .withName(NodePodFactory.CONFIG_VOLUME)
            .withMountPath(CONFIG_DIR)
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName(NodePodFactory.AUTH_VOLUME)
            .withMountPath(AUTH_DIR)
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName(NodePodFactory.DATA_VOLUME)
            .withMountPath(DATA_DIR)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName(NodePodFactory.TMP_VOLUME)
            .withMountPath(TMP_DIR)
            .endVolumeMount()
            .addAllToVolumeMounts(NodeTls.mounts(spec));
    if (spec.resources != null) {
      container.withResources(new ResourceRequirementsBuilder(spec.resources).build());
    }
    return container.build();
  }

  /**
   * An HTTP GET probe on the node's health port. Liveness and startup ask {@code /livez} (the
   * command thread answers within 2 s); readiness asks {@code /readyz} (loaded, admitted, and for a
   * replica linked and within {@code banyan-ready-max-lag}).
   */
  private static Probe probe(String path, int periodSeconds, int timeoutSeconds, int failures) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withNewPort(HTTP_PORT_NAME)
        .withScheme("HTTP")
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(timeoutSeconds)
        .withFailureThreshold(failures)
        .withSuccessThreshold(1)
        .build();
  }
}
