package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * TLS for clients and replication. The nodes listen with TLS only, on the port clients already use
 * (6379): a cluster with {@code spec.tls} has no plaintext port, so nothing can reach it
 * unencrypted by mistake. The certificate Secret is in cert-manager's format.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {
  /** Whether a node asks clients (and replicas) for a certificate: Redis's tls-auth-clients. */
  public enum ClientAuth {
    /** No client certificate is asked for (tls-auth-clients no). */
    None,
    /**
     * A client certificate is verified when presented, not required (tls-auth-clients optional).
     */
    Optional,
    /** Every client must present a certificate the CA signed (tls-auth-clients yes). */
    Required;

    /** The value of Redis's {@code tls-auth-clients}. */
    public String redisValue() {
      return switch (this) {
        case None -> "no";
        case Optional -> "optional";
        case Required -> "yes";
      };
    }
  }

  @JsonPropertyDescription(
      "Secret with the nodes' certificate, in cert-manager's format: tls.crt (the chain),"
          + " tls.key and ca.crt. The certificate must name *.<cluster>-nodes.<namespace>.svc"
          + " (the operator checks it against each pod's DNS name) and carry the server auth and"
          + " client auth usages (replicas present it to their master). The nodes reload it when"
          + " the Secret changes, without a restart.")
  @Required
  @Pattern("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$")
  public String secretName;

  @JsonPropertyDescription(
      "Secret whose ca.crt is the CA bundle that verifies the nodes' certificates (by the"
          + " operator and by replicas) and client certificates; default: ca.crt of secretName."
          + " A bundle holding the old and the new CA lets the CA be rotated without downtime.")
  @Pattern("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$")
  public String caSecretName;

  @JsonPropertyDescription(
      "Whether clients must present a certificate signed by the CA: None (tls-auth-clients no),"
          + " Optional or Required (yes). Default None: clients already authenticate with the"
          + " password (or ACL users), and requiring certificates would make every application"
          + " hold one from the cluster's CA; TLS still encrypts and proves the nodes' identity.")
  @Default("None")
  public ClientAuth clientAuth = ClientAuth.None;

  /** {@link #clientAuth}, its default when absent. */
  public ClientAuth clientAuthOrDefault() {
    return clientAuth == null ? ClientAuth.None : clientAuth;
  }

  /** The Secret holding the CA bundle ({@code ca.crt}). */
  public String caSecretOrDefault() {
    return caSecretName == null ? secretName : caSecretName;
  }
}
