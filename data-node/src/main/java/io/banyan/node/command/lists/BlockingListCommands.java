package io.banyan.node.command.lists;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.ListValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The blocking list commands: BLPOP, BRPOP, BRPOPLPUSH, BLMOVE, BLMPOP.
 *
 * <p>Each first tries to serve itself like its non-blocking form; when no key has data it asks the
 * {@link io.banyan.node.engine.BlockingService} to block the client. The service re-runs the
 * command when one of the keys receives data, so the serving logic below is the same for the first
 * attempt and every retry. What was served propagates as the non-blocking command Redis 7.0 would
 * replicate (LPOP, LMOVE, ...), never as the blocking one.
 */
final class BlockingListCommands {
  private BlockingListCommands() {}

  /** Redis 7.0 answers a timed-out list wait with a null array, even for BLMOVE. */
  private static final Consumer<Client> TIMED_OUT = c -> c.reply().nullArray();

  private static final byte[] LMOVE = Bytes.utf8("LMOVE");
  private static final byte[] RPOPLPUSH = Bytes.utf8("RPOPLPUSH");

  /** BLPOP / BRPOP key [key ...] timeout: replies [key, element] from the first non-empty key. */
  static void blockingPop(Client c, byte[][] argv, ListEnd end) {
    long timeoutMs = Args.timeoutMillis(argv[argv.length - 1]);
    byte[][] keys = Arrays.copyOfRange(argv, 1, argv.length - 1);
    for (byte[] key : c.engine().blocking().keysToServe(c, keys)) {
      ListValue list = Lookup.write(c, key, ListValue.class);
      if (list == null) {
        continue;
      }
      byte[] element = end.pop(list);
      c.db().modified(key);
      c.reply().array(2);
      c.reply().bulk(key);
      c.reply().bulk(element);
      c.propagateAs(end.popCommand(), key);
      return;
    }
    c.engine().blocking().block(c, keys, timeoutMs, TIMED_OUT);
  }

  /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout. */
  static void blmove(Client c, byte[][] argv) {
    ListEnd from = ListEnd.parse(argv[3]);
    ListEnd to = ListEnd.parse(argv[4]);
    long timeoutMs = Args.timeoutMillis(argv[5]);
    // Served after waiting, Redis 7.0 writes the ends in lower case; served at once, as given.
    boolean served = c.engine().blocking().isRetrying(c);
    byte[] fromName = served ? Bytes.utf8(from.name().toLowerCase(Locale.ROOT)) : argv[3];
    byte[] toName = served ? Bytes.utf8(to.name().toLowerCase(Locale.ROOT)) : argv[4];
    blockingMove(c, argv, from, to, timeoutMs, LMOVE, argv[1], argv[2], fromName, toName);
  }

  /** BRPOPLPUSH source destination timeout: BLMOVE source destination RIGHT LEFT timeout. */
  static void brpoplpush(Client c, byte[][] argv) {
    long timeoutMs = Args.timeoutMillis(argv[3]);
    blockingMove(c, argv, ListEnd.RIGHT, ListEnd.LEFT, timeoutMs, RPOPLPUSH, argv[1], argv[2]);
  }

  private static void blockingMove(
      Client c, byte[][] argv, ListEnd from, ListEnd to, long timeoutMs, byte[]... propagated) {
    byte[] element = PushPopCommands.move(c, argv[1], argv[2], from, to);
    if (element != null) {
      c.reply().bulk(element);
      c.propagateAs(propagated);
      return;
    }
    if (c.executingTransaction()) {
      // Inside EXEC, Redis 7.0 answers an empty source with a null bulk (a timeout with a null
      // array).
      c.reply().nullBulk();
      return;
    }
    c.engine().blocking().block(c, new byte[][] {argv[1]}, timeoutMs, TIMED_OUT);
  }

  /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]. */
  static void blmpop(Client c, byte[][] argv) {
    long timeoutMs = Args.timeoutMillis(argv[1]);
    MpopArgs a = MpopArgs.parse(argv, 2);
    byte[][] keys = a.keys(argv);
    if (!PushPopCommands.popFromFirstList(c, c.engine().blocking().keysToServe(c, keys), a)) {
      c.engine().blocking().block(c, keys, timeoutMs, TIMED_OUT);
    }
  }
}
