package io.banyan.operator.backup;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Replication ids: 40 hex characters, as Redis makes them. */
final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  static String newReplId() {
    byte[] id = new byte[20];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}
