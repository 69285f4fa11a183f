package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Desired state of a {@link StoreCluster}. Cross-field rules are CEL rules here and are mirrored
 * one by one in {@link SpecValidation}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.zones.exists_one(z, has(z.initialMaster) && z.initialMaster)",
    message = "spec.zones: exactly one zone must have initialMaster: true")
@ValidationRule(
    value =
        "!has(self.failover) || !has(self.failover.promotionOrder) ||"
            + " self.failover.promotionOrder.all(p, self.zones.exists(z, z.name == p))",
    message = "spec.failover.promotionOrder: may only name zones listed in spec.zones")
@ValidationRule(
    value =
        "!has(self.replication) || !has(self.replication.writeQuorumScope) ||"
            + " self.replication.writeQuorumScope != 'OtherZones' ||"
            + " !has(self.replication.writeQuorum) || self.replication.writeQuorum < 1 ||"
            + " self.zones.filter(z, (has(z.initialMaster) && z.initialMaster) ||"
            + " (has(z.masterBackups) && z.masterBackups > 0)).size() >= 2",
    message = SpecValidation.OTHER_ZONES_MESSAGE)
public class StoreClusterSpec {
  public static final String DEFAULT_IMAGE = "ghcr.io/banyan/banyan-node:0.1.0";

  @JsonPropertyDescription("Container image of the data node.")
  @Default(DEFAULT_IMAGE)
  @Pattern("^\\S+$")
  public String image = DEFAULT_IMAGE;

  @JsonPropertyDescription("Compute resources of each data-node container.")
  public ResourceRequirements resources;

  @JsonPropertyDescription("The zones (datacenters) and the nodes each one holds.")
  @Required
  @Size(min = 1, max = 16)
  @ValidationRule(
      value = "self.all(a, self.exists_one(b, b.name == a.name))",
      message = "spec.zones[].name: zone names must be unique")
  public List<ZoneSpec> zones = new ArrayList<>();

  public StorageSpec storage;

  @JsonPropertyDescription(
      "Passwords and users; absent: the default user gets a password the operator generates.")
  public AuthSpec auth;

  @JsonPropertyDescription("Secret (kubernetes.io/tls) with the certificate the nodes serve.")
  public TlsSpec tls;

  public ReplicationSpec replication;

  public PersistenceSpec persistence;

  public FailoverSpec failover;

  @JsonPropertyDescription(
      "How pods are replaced when a change needs a restart: one at a time, leaves first, the"
          + " master last by a planned switchover.")
  public UpdateStrategySpec updateStrategy;

  public SchedulingSpec scheduling;

  @JsonPropertyDescription("What is added to every data-node pod.")
  public PodTemplateSettings podTemplate;

  public ServicesSpec services;

  @JsonPropertyDescription(
      "maxmemory of every node: a Redis size (4gb, 512mb) or a Kubernetes quantity (4Gi);"
          + " defaults to half of resources.limits.memory when a limit is set.")
  @Pattern(MemorySize.PATTERN)
  public String maxmemory;

  @JsonPropertyDescription("maxmemory-policy: what a write does when maxmemory is reached.")
  @Default("noeviction")
  public MaxmemoryPolicy maxmemoryPolicy = MaxmemoryPolicy.NOEVICTION;

  @JsonPropertyDescription(
      "Further redis.conf options of every node, by name; checked against the data node's"
          + " option table. Options the operator sets itself are refused (docs/operator.md).")
  @Size(max = 64)
  public Map<String, String> config;

  @JsonPropertyDescription("Backups to S3-compatible object storage (docs/backup.md).")
  public BackupSpec backup;

  @JsonPropertyDescription("How a new cluster gets its first data (restore from a backup).")
  public BootstrapSpec bootstrap;
}
