package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** TLS for clients and replication: a kubernetes.io/tls Secret (tls.crt, tls.key, ca.crt). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {
  @Required
  @Pattern("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$")
  public String secretName;
}
