package io.banyan.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.config.ServerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.config against the data node's option table and the operator's own options. */
class ConfigPassthroughTest {
  private static List<String> check(String... pairs) {
    Map<String, String> config = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      config.put(pairs[i], pairs[i + 1]);
    }
    return ConfigPassthrough.validate(config);
  }

  @Test
  void ordinaryOptionsAreAccepted() {
    assertThat(
            check(
                "maxclients", "5000",
                "hz", "20",
                "client-output-buffer-limit", "pubsub 64mb 16mb 60",
                "lazyfree-lazy-eviction", "yes",
                "notify-keyspace-events", "Ex",
                "Timeout", "300"))
        .isEmpty();
    assertThat(ConfigPassthrough.validate(null)).isEmpty();
  }

  @Test
  void unknownOptionsAndBadValuesNameTheField() {
    assertThat(check("maxclient", "1"))
        .containsExactly(
            "spec.config.maxclient: unknown option 'maxclient' (did you mean 'maxclients'?)");
    assertThat(check("maxclients", "lots"))
        .singleElement()
        .asString()
        .startsWith("spec.config.maxclients: invalid value for 'maxclients': ");
    assertThat(check("hz", "1 2")).singleElement().asString().startsWith("spec.config.hz: ");
  }

  @Test
  void theOperatorsOptionsAreRefusedSayingWhoOwnsThem() {
    assertThat(check("maxmemory", "1gb"))
        .containsExactly(
            "spec.config.maxmemory: the operator owns this option: set by spec.maxmemory");
    assertThat(check("SLAVEOF", "10.0.0.1 6379"))
        .singleElement()
        .asString()
        .startsWith("spec.config.SLAVEOF: the operator owns this option: the operator wires");
    assertThat(check("min-slaves-to-write", "1"))
        .containsExactly(
            "spec.config.min-slaves-to-write: the operator owns this option: set by"
                + " spec.replication.writeQuorum");
    assertThat(check("banyan-start-fenced", "no"))
        .singleElement()
        .asString()
        .contains("the operator's own option");
    assertThat(check("tls-port", "6380"))
        .containsExactly("spec.config.tls-port: TLS is configured by spec.tls");
    assertThat(check("include", "/etc/other.conf"))
        .singleElement()
        .asString()
        .startsWith("spec.config.include: the operator owns this option");
    // Every refusal has a reason, and every owned name is a real option or directive.
    ServerConfig server = new ServerConfig();
    List<String> directives =
        List.of("include", "rename-command", "user", "loadmodule", "sentinel");
    ConfigPassthrough.OWNED.forEach(
        (name, reason) -> {
          assertThat(reason).isNotBlank();
          assertThat(server.registry().lookup(name) != null || directives.contains(name))
              .as(name + " is an option of the data node or a directive")
              .isTrue();
          assertThat(
                  server.registry().lookup(name) == null
                      || server.registry().lookup(name).name().equals(name))
              .as(name + " is a canonical name (aliases are refused through it)")
              .isTrue();
        });
  }

  @Test
  void anOptionGivenTwiceUnderTwoNamesIsRefused() {
    assertThat(check("hash-max-listpack-entries", "64", "hash-max-ziplist-entries", "128"))
        .singleElement()
        .asString()
        .contains("the same option as spec.config.");
  }

  @Test
  void linesAreReadBackAsTheSameValues() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("unixsocket", "/tmp/a b.sock");
    config.put("notify-keyspace-events", "");
    config.put("client-output-buffer-limit", "replica 256mb 64mb 60");
    assertThat(ConfigPassthrough.lines(config))
        .containsExactly(
            "client-output-buffer-limit replica 256mb 64mb 60",
            "notify-keyspace-events \"\"",
            "unixsocket \"/tmp/a b.sock\"");
    assertThat(ConfigPassthrough.validate(config)).isEmpty();
  }
}
