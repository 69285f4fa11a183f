package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.TlsSpec;
import io.banyan.operator.testing.TestCa;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** When the operator reads spec.tls' Secrets again, and what it says when it cannot use them. */
class TlsSecretTest {
  private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
  private static final Map<String, String> ISSUED =
      TestCa.create("ca").issue(List.of("n.c-nodes.ns.svc"), List.of(), Duration.ofHours(1));

  private final Map<String, Map<String, String>> secrets = new HashMap<>();
  private final AtomicInteger gets = new AtomicInteger();
  private final Function<String, Map<String, String>> read =
      name -> {
        gets.incrementAndGet();
        return secrets.get(name);
      };

  private static TlsSpec spec(String secret, String ca, TlsSpec.ClientAuth auth) {
    TlsSpec t = new TlsSpec();
    t.secretName = secret;
    t.caSecretName = ca;
    t.clientAuth = auth;
    return t;
  }

  @Test
  void readAgainWhenStaleOrSoonAfterAFailedHandshakeNotEveryRound() {
    secrets.put("tls", ISSUED);
    TlsSecret cache = new TlsSecret();
    TlsSpec tls = spec("tls", null, null);
    TlsSecret.Result first = cache.trust(tls, T0, false, read);
    assertThat(first.trust()).isNotNull();
    assertThat(first.error()).isNull();
    assertThat(gets).hasValue(1);
    assertThat(cache.trust(tls, T0.plusSeconds(29), false, read)).isSameAs(first);
    assertThat(cache.trust(tls, T0.plusSeconds(4), true, read)).isSameAs(first);
    assertThat(gets).hasValue(1);
    cache.trust(tls, T0.plusSeconds(6), true, read); // a handshake failed: the CA may have moved
    assertThat(gets).hasValue(2);
    cache.trust(tls, T0.plusSeconds(6 + 30), false, read); // stale
    assertThat(gets).hasValue(3);
    cache.trust(spec("tls", null, TlsSpec.ClientAuth.Required), T0.plusSeconds(37), false, read);
    assertThat(gets).as("a changed spec is read at once").hasValue(4);
  }

  @Test
  void missingSecretsAndKeysAreNamed() {
    TlsSecret cache = new TlsSecret();
    assertThat(cache.trust(spec("tls", null, null), T0, false, read).error())
        .isEqualTo("Secret tls (spec.tls.secretName) not found");
    secrets.put("tls", Map.of("tls.crt", ISSUED.get("tls.crt"), "tls.key", ISSUED.get("tls.key")));
    assertThat(cache.trust(spec("tls", "bundle", null), T0, false, read).error())
        .isEqualTo("Secret bundle not found or without ca.crt");
    secrets.put("bundle", Map.of("ca.crt", "not a certificate"));
    assertThat(cache.trust(spec("tls", "bundle", null), T0.plusSeconds(60), false, read).error())
        .startsWith("Secret tls: ");
    secrets.put("bundle", Map.of("ca.crt", ISSUED.get("ca.crt")));
    secrets.put("tls", Map.of("tls.crt", ISSUED.get("tls.crt")));
    assertThat(
            cache
                .trust(spec("tls", "bundle", TlsSpec.ClientAuth.Required), T0, false, read)
                .error())
        .isEqualTo("Secret tls has no tls.crt/tls.key");
    assertThat(cache.trust(spec("tls", "bundle", null), T0, false, read).trust())
        .as("without client auth the key is not needed")
        .isNotNull();
  }

  @Test
  void afterSpecTlsIsRemovedTheLastTrustServesThePodsStillOnTls() {
    secrets.put("tls", ISSUED);
    TlsSecret cache = new TlsSecret();
    TlsSecret.Result last = cache.trust(spec("tls", null, null), T0, false, read);
    assertThat(cache.trust(null, T0.plusSeconds(120), false, read)).isSameAs(last);
    assertThat(new TlsSecret().trust(null, T0, false, read)).isNull();
  }
}
