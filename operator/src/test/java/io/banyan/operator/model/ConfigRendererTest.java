package io.banyan.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.FailoverSpec;
import io.banyan.operator.api.MaxmemoryPolicy;
import io.banyan.operator.api.PersistenceSpec;
import io.banyan.operator.api.PersistenceSpec.AppendFsync;
import io.banyan.operator.api.PersistenceSpec.SaveRule;
import io.banyan.operator.api.ReplicationSpec;
import io.banyan.operator.api.StoreClusterSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigRendererTest {
  private static final String HEADER =
      "# Rendered by the Banyan operator from the StoreCluster spec; edits are lost.\n"
          + "port 6379\n"
          + "bind * -::*\n"
          + "protected-mode yes\n"
          + "banyan-http-port 9121\n";

  @Test
  void absentSectionsRenderTheApiDefaults() {
    assertThat(ConfigRenderer.render(new StoreClusterSpec()))
        .isEqualTo(
            HEADER
                + "repl-backlog-size 64mb\n"
                + "min-replicas-to-write 0\n"
                + "min-replicas-max-lag 4\n"
                + "banyan-min-replicas-scope any\n"
                + "banyan-min-replicas-max-lag-ms 2500\n"
                + "banyan-ready-max-lag 4\n"
                + "repl-ping-replica-period 1\n"
                + "repl-timeout 3\n"
                + "appendonly yes\n"
                + "appendfsync everysec\n"
                + "save \"\"\n"
                + "maxmemory-policy noeviction\n");
  }

  @Test
  void quorumAndPersistenceAreRendered() {
    StoreClusterSpec spec = new StoreClusterSpec();
    spec.replication = new ReplicationSpec();
    spec.replication.backlogSize = "256mb";
    spec.replication.writeQuorum = 2;
    spec.replication.maxLagSeconds = 5;
    spec.failover = new FailoverSpec();
    spec.failover.detectionTimeoutMillis = 10_000;
    spec.persistence = new PersistenceSpec();
    spec.persistence.appendonly = false;
    spec.persistence.appendfsync = AppendFsync.always;
    spec.persistence.save = List.of(new SaveRule(3600, 1), new SaveRule(300, 100));
    assertThat(ConfigRenderer.render(spec))
        .isEqualTo(
            HEADER
                + "repl-backlog-size 256mb\n"
                + "min-replicas-to-write 2\n"
                + "min-replicas-max-lag 5\n"
                + "banyan-min-replicas-scope any\n"
                + "banyan-min-replicas-max-lag-ms 5000\n"
                + "banyan-ready-max-lag 5\n"
                + "repl-ping-replica-period 1\n"
                + "repl-timeout 8\n"
                + "appendonly no\n"
                + "appendfsync always\n"
                + "save 3600 1\n"
                + "save 300 100\n"
                + "maxmemory-policy noeviction\n");
  }

  @Test
  void theLagAllowedStaysBelowTheDetectionTimeout() {
    StoreClusterSpec spec = new StoreClusterSpec();
    spec.replication = new ReplicationSpec();
    spec.replication.maxLagSeconds = 30;
    spec.failover = new FailoverSpec();
    spec.failover.detectionTimeoutMillis = 2000;
    assertThat(ConfigRenderer.render(spec))
        .contains(
            "min-replicas-max-lag 1\n",
            "banyan-min-replicas-max-lag-ms 1000\n",
            "banyan-ready-max-lag 1\n",
            "repl-timeout 2\n");
  }

  @Test
  void otherZonesScopeIsRenderedWithAMillisecondLagBelowTheDetectionTimeout() {
    StoreClusterSpec spec = new StoreClusterSpec();
    spec.replication = new ReplicationSpec();
    spec.replication.writeQuorum = 1;
    spec.replication.writeQuorumScope = ReplicationSpec.WriteQuorumScope.OtherZones;
    spec.failover = new FailoverSpec();
    spec.failover.detectionTimeoutMillis = 3000;
    // Half the detection timeout: a master cut off from the other zones refuses writes well
    // before the operator can decide to promote another zone's backup.
    assertThat(ConfigRenderer.render(spec))
        .contains(
            "min-replicas-to-write 1\n",
            "min-replicas-max-lag 2\n",
            "banyan-min-replicas-scope other-zones\n",
            "banyan-min-replicas-max-lag-ms 1500\n");
    assertThat(ConfigRenderer.minReplicasMaxLagMillis(spec)).isLessThan(3000);
  }

  @Test
  void nullFieldsInsidePresentSectionsFallBackToDefaults() {
    StoreClusterSpec spec = new StoreClusterSpec();
    spec.replication = new ReplicationSpec();
    spec.replication.backlogSize = null;
    spec.replication.writeQuorum = null;
    spec.persistence = new PersistenceSpec();
    spec.persistence.appendonly = null;
    spec.persistence.save = null;
    assertThat(ConfigRenderer.render(spec))
        .contains("repl-backlog-size 64mb\n", "min-replicas-to-write 0\n", "appendonly yes\n")
        .contains("save \"\"\n");
  }

  @Test
  void noSecretsOrPerNodeSettingsInTheFile() {
    String text = ConfigRenderer.render(new StoreClusterSpec());
    assertThat(text).doesNotContain("requirepass", "masterauth", "dir ", "banyan-start-fenced");
  }

  @Test
  void maxmemoryIsHalfTheMemoryLimitUnlessTheSpecSaysOtherwise() {
    StoreClusterSpec spec = new StoreClusterSpec();
    assertThat(ConfigRenderer.render(spec)).doesNotContain("maxmemory ");

    spec.resources =
        new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("2Gi")).build();
    assertThat(ConfigRenderer.render(spec)).contains("maxmemory 1073741824\n");

    spec.maxmemory = "512mb";
    spec.maxmemoryPolicy = MaxmemoryPolicy.ALLKEYS_LFU;
    assertThat(ConfigRenderer.render(spec))
        .contains("maxmemory 536870912\n", "maxmemory-policy allkeys-lfu\n");

    spec.maxmemory = "1.5Gi";
    assertThat(ConfigRenderer.render(spec)).contains("maxmemory 1610612736\n");
  }

  @Test
  void specConfigComesAfterTheOperatorsLinesInNameOrderQuotedWhereNeeded() {
    StoreClusterSpec spec = new StoreClusterSpec();
    spec.config = new LinkedHashMap<>();
    spec.config.put("maxclients", "5000");
    spec.config.put("client-output-buffer-limit", "replica 512mb 128mb 60");
    spec.config.put("unixsocket", "/tmp/redis node.sock");
    String text = ConfigRenderer.render(spec);
    assertThat(text)
        .endsWith(
            "maxmemory-policy noeviction\n"
                + "# spec.config\n"
                + "client-output-buffer-limit replica 512mb 128mb 60\n"
                + "maxclients 5000\n"
                + "unixsocket \"/tmp/redis node.sock\"\n");
  }
}
