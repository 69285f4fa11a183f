package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.SecretKeyRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AuthSecretTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private final AuthSecret secret = new AuthSecret();
  private final List<Instant> reads = new ArrayList<>();
  private String stored = "first";

  private static SecretKeyRef ref(String name) {
    SecretKeyRef r = new SecretKeyRef();
    r.secretName = name;
    return r;
  }

  private Supplier<String> reader(Instant at) {
    return () -> {
      reads.add(at);
      return stored;
    };
  }

  private String password(SecretKeyRef ref, Duration after, boolean rejected) {
    Instant at = T0.plus(after);
    return secret.password(ref, at, rejected, reader(at));
  }

  @Test
  void readsTheSecretOnceThenOnlyWhenTheValueIsOlderThanMaxAge() {
    SecretKeyRef ref = ref("auth");
    assertThat(password(ref, Duration.ZERO, false)).isEqualTo("first");
    stored = "second";
    for (int s = 1; s < AuthSecret.MAX_AGE.toSeconds(); s++) {
      assertThat(password(ref, Duration.ofSeconds(s), false)).isEqualTo("first");
    }
    assertThat(password(ref, AuthSecret.MAX_AGE, false)).isEqualTo("second");
    assertThat(reads).containsExactly(T0, T0.plus(AuthSecret.MAX_AGE));
  }

  @Test
  void aRefusedPasswordIsReadAgainAtOnceButNotEveryRound() {
    SecretKeyRef ref = ref("auth");
    password(ref, Duration.ZERO, false);
    stored = "rotated";
    assertThat(password(ref, Duration.ofSeconds(1), true))
        .as("within MIN_AGE of the last read: kept")
        .isEqualTo("first");
    assertThat(password(ref, AuthSecret.MIN_AGE, true)).isEqualTo("rotated");
    assertThat(password(ref, AuthSecret.MIN_AGE.plusSeconds(1), true)).isEqualTo("rotated");
    assertThat(reads).containsExactly(T0, T0.plus(AuthSecret.MIN_AGE));
  }

  @Test
  void anotherSecretNameIsReadAtOnceAndNoAuthReadsNothing() {
    password(ref("auth"), Duration.ZERO, false);
    stored = "other";
    assertThat(password(ref("auth-2"), Duration.ofSeconds(1), false)).isEqualTo("other");
    assertThat(password(null, Duration.ofSeconds(2), false)).isNull();
    assertThat(reads).containsExactly(T0, T0.plusSeconds(1));
  }
}
