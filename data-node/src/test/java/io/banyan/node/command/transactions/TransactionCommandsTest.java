package io.banyan.node.command.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.command.model.CommandTable;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

class TransactionCommandsTest extends ServerTestBase {
  @Override
  protected void addTestCommands(CommandTable table) {
    TestOnlyCommands.register(table);
  }

  @AfterEach
  void restoreDefaults() throws Exception {
    server.onCommandThread(
        () -> {
          server.engine().setActiveExpire(true);
          server.engine().config().maxMemory = 0;
          return null;
        });
  }

  @Test
  void execAnswersTheQueuedRepliesInOrder() {
    RespClient c = resp();
    assertThat(c.call("MULTI")).isEqualTo("OK");
    assertThat(c.call("SET", "k", "v")).isEqualTo("QUEUED");
    assertThat(c.call("GET", "k")).isEqualTo("QUEUED");
    assertThat(c.call("GET", "missing")).isEqualTo("QUEUED");
    List<?> replies = (List<?>) c.call("EXEC");
    assertThat(replies).hasSize(3);
    assertThat(replies.get(0)).isEqualTo("OK");
    assertThat(RespClient.str(replies.get(1))).isEqualTo("v");
    assertThat(replies.get(2)).isNull();
    assertThat(c.call("MULTI")).isEqualTo("OK");
    assertThat(c.call("EXEC")).isEqualTo(List.of());
  }

  @Test
  void jedisTransactionsWork() {
    Jedis j = jedis();
    Transaction t = j.multi();
    t.set("a", "1");
    t.get("a");
    assertThat(t.exec()).containsExactly("OK", "1");
  }

  @Test
  void misuseErrorsMatchRedisAndDoNotAbortTheTransaction() {
    RespClient c = resp();
    assertThat(c.call("EXEC")).isEqualTo(new Err("ERR EXEC without MULTI"));
    assertThat(c.call("DISCARD")).isEqualTo(new Err("ERR DISCARD without MULTI"));
    assertThat(c.call("WATCH"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'watch' command"));
    c.call("MULTI");
    assertThat(c.call("MULTI")).isEqualTo(new Err("ERR MULTI calls can not be nested"));
    assertThat(c.call("WATCH", "x")).isEqualTo(new Err("ERR WATCH inside MULTI is not allowed"));
    assertThat(c.call("SET", "a", "1")).isEqualTo("QUEUED");
    assertThat(c.call("EXEC")).isEqualTo(List.of("OK"));
  }

  @Test
  void queueingErrorsMakeExecAbortAndLeaveTheTransaction() {
    RespClient c = resp();
    c.call("MULTI");
    assertThat(c.call("SET", "a")).isInstanceOf(Err.class);
    assertThat(c.call("SET", "a", "1")).isEqualTo("QUEUED");
    assertThat(c.call("EXEC"))
        .isEqualTo(new Err("EXECABORT Transaction discarded because of previous errors."));
    assertThat(c.call("GET", "a")).isNull();
    assertThat(c.call("EXEC")).isEqualTo(new Err("ERR EXEC without MULTI"));

    c.call("MULTI");
    assertThat(c.call("NOSUCHCOMMAND"))
        .isEqualTo(new Err("ERR unknown command 'NOSUCHCOMMAND', with args beginning with: "));
    assertThat(c.call("EXEC"))
        .isEqualTo(new Err("EXECABORT Transaction discarded because of previous errors."));
  }

  @Test
  void aFailingCommandInsideExecDoesNotStopTheOthers() {
    RespClient c = resp();
    c.call("SET", "s", "abc");
    c.call("MULTI");
    c.call("test-incr", "s");
    c.call("SET", "s2", "1");
    c.call("test-incr", "s2");
    List<?> replies = (List<?>) c.call("EXEC");
    assertThat(replies.get(0)).isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(replies.get(1)).isEqualTo("OK");
    assertThat(replies.get(2)).isEqualTo(2L);
    assertThat(RespClient.str(c.call("GET", "s"))).isEqualTo("abc");
  }

  @Test
  void discardDropsTheQueueAndTheWatches() {
    RespClient c = resp();
    RespClient other = resp();
    c.call("WATCH", "k");
    c.call("MULTI");
    c.call("SET", "k", "mine");
    assertThat(c.call("DISCARD")).isEqualTo("OK");
    assertThat(c.call("GET", "k")).isNull();
    other.call("SET", "k", "theirs"); // no longer watched
    c.call("MULTI");
    c.call("SET", "k", "mine");
    assertThat(c.call("EXEC")).isEqualTo(List.of("OK"));
  }

  @Test
  void watchedKeyChangedByAnotherClientAbortsWithNullAndRunsNothing() {
    RespClient c = resp();
    RespClient other = resp();
    c.call("SET", "k", "1");
    assertThat(c.call("WATCH", "k", "k2")).isEqualTo("OK");
    other.call("SET", "k", "2");
    c.call("MULTI");
    c.call("SET", "done", "yes");
    assertThat(c.call("EXEC")).isNull();
    assertThat(c.call("GET", "done")).isNull();
    // The abort ended the transaction and the watches: a new one succeeds.
    other.call("SET", "k", "3");
    c.call("MULTI");
    c.call("SET", "done", "yes");
    assertThat(c.call("EXEC")).isEqualTo(List.of("OK"));
  }

  @Test
  void ownChangesToAWatchedKeyAbortToo_andUnwatchForgets() {
    RespClient c = resp();
    c.call("WATCH", "k");
    c.call("SET", "k", "own");
    c.call("MULTI");
    assertThat(c.call("EXEC")).isNull();

    c.call("WATCH", "k");
    c.call("SET", "k", "own");
    assertThat(c.call("UNWATCH")).isEqualTo("OK");
    c.call("MULTI");
    assertThat(c.call("EXEC")).isEqualTo(List.of());
  }

  @Test
  void watchedKeysArePerDatabase() {
    RespClient c = resp();
    RespClient other = resp();
    c.call("WATCH", "k");
    other.call("test-select", "1");
    other.call("SET", "k", "elsewhere");
    c.call("MULTI");
    assertThat(c.call("EXEC")).isEqualTo(List.of());
  }

  @Test
  void aWatchedKeyThatExpiresAbortsEvenBeforeItIsDeleted() throws Exception {
    RespClient c = resp();
    server.onCommandThread(
        () -> {
          server.engine().setActiveExpire(false);
          return null;
        });
    c.call("SET", "k", "v");
    // Long enough for WATCH to see the key still alive: a key expired at WATCH time is no change.
    c.call("test-pexpire", "k", "1000");
    c.call("WATCH", "k");
    awaitLogicallyExpired("k");
    c.call("MULTI");
    c.call("PING");
    assertThat(c.call("EXEC")).isNull();
  }

  @Test
  void aWatchedKeyDeletedByActiveExpiryAborts() throws Exception {
    RespClient c = resp();
    c.call("SET", "k", "v");
    c.call("test-pexpire", "k", "1000");
    c.call("WATCH", "k");
    await().until(() -> server.onCommandThread(() -> server.engine().keyspace().db(0).size()) == 0);
    c.call("MULTI");
    assertThat(c.call("EXEC")).isNull();
  }

  @Test
  void watchingAnAlreadyExpiredKeyIsNotAChange_evenWhenItIsThenDeleted() throws Exception {
    RespClient c = resp();
    RespClient other = resp();
    server.onCommandThread(
        () -> {
          server.engine().setActiveExpire(false);
          return null;
        });
    c.call("SET", "k", "v");
    c.call("test-pexpire", "k", "1");
    awaitLogicallyExpired("k");
    c.call("WATCH", "k");
    c.call("MULTI");
    assertThat(c.call("EXEC")).isEqualTo(List.of());

    c.call("WATCH", "k");
    assertThat(other.call("GET", "k")).isNull(); // lazily deletes the expired key
    c.call("MULTI");
    assertThat(c.call("EXEC")).isEqualTo(List.of());
  }

  @Test
  void flushTouchesOnlyWatchedKeysThatExist() {
    RespClient c = resp();
    RespClient other = resp();
    c.call("SET", "present", "v");
    c.call("WATCH", "absent");
    other.call("test-flushall");
    c.call("MULTI");
    assertThat(c.call("EXEC")).isEqualTo(List.of());

    c.call("SET", "present", "v");
    c.call("WATCH", "present");
    other.call("test-flushdb");
    c.call("MULTI");
    assertThat(c.call("EXEC")).isNull();
  }

  @Test
  void swapdbTouchesWatchedKeysPresentOnEitherSide() {
    RespClient c = resp();
    RespClient other = resp();
    other.call("test-select", "1");
    other.call("SET", "k", "in-db1");
    c.call("WATCH", "k", "unrelated");
    other.call("test-swapdb", "0", "1");
    c.call("MULTI");
    assertThat(c.call("EXEC")).isNull();
    assertThat(RespClient.str(c.call("GET", "k"))).isEqualTo("in-db1");

    c.call("WATCH", "nowhere");
    other.call("test-swapdb", "0", "1");
    c.call("MULTI");
    assertThat(c.call("EXEC")).isEqualTo(List.of());
  }

  @Test
  void blockingCommandsAnswerAtOnceInsideExec() {
    RespClient c = resp();
    c.call("MULTI");
    c.call("test-block", "nothing", "0");
    c.call("SET", "after", "1");
    List<?> replies = (List<?>) c.call("EXEC");
    assertThat(replies).hasSize(2);
    assertThat(replies.get(0)).isNull();
    assertThat(replies.get(1)).isEqualTo("OK");
  }

  @Test
  void subscribeRunsInsideExecButSsubscribeIsRefused() {
    RespClient c = resp();
    c.call("MULTI");
    c.call("SUBSCRIBE", "a");
    c.call("SSUBSCRIBE", "b");
    List<?> replies = (List<?>) c.call("EXEC");
    assertThat(strings(replies.get(0))).containsExactly("subscribe", "a", 1L);
    assertThat(replies.get(1))
        .isEqualTo(new Err("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client"));
  }

  @Test
  void abortedExecIsANullArrayInResp2AndANullInResp3() throws Exception {
    RespClient other = resp();
    try (Socket raw = new Socket("127.0.0.1", port())) {
      raw.setSoTimeout(10_000);
      OutputStream out = raw.getOutputStream();
      InputStream in = raw.getInputStream();
      out.write("WATCH k\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readExactly(in, "+OK\r\n")).isEqualTo("+OK\r\n");
      other.call("SET", "k", "1");
      out.write("MULTI\r\nEXEC\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readExactly(in, "+OK\r\n*-1\r\n")).isEqualTo("+OK\r\n*-1\r\n");

      TestClients.switchNewestToResp3(server);
      out.write("WATCH k\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readExactly(in, "+OK\r\n")).isEqualTo("+OK\r\n");
      other.call("SET", "k", "2");
      out.write("MULTI\r\nEXEC\r\nMULTI\r\nEXEC\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readExactly(in, "+OK\r\n_\r\n+OK\r\n*0\r\n"))
          .isEqualTo("+OK\r\n_\r\n+OK\r\n*0\r\n");
    }
  }

  private static String readExactly(InputStream in, String expected) throws IOException {
    return new String(in.readNBytes(expected.length()), StandardCharsets.US_ASCII);
  }

  @Test
  void outOfMemoryInsideMultiRefusesEvenReadsAndExecAbortsWithTheReason() throws Exception {
    RespClient c = resp();
    c.call("SET", "big", "x".repeat(1000));
    c.call("MULTI");
    c.call("SET", "a", "1");
    setMaxMemory(1);
    // EXEC with a queued denyoom command is refused with the reason; the transaction is gone.
    assertThat(c.call("EXEC"))
        .isEqualTo(
            new Err(
                "EXECABORT Transaction discarded because of: OOM command not allowed when used"
                    + " memory > 'maxmemory'."));
    assertThat(c.call("DISCARD")).isEqualTo(new Err("ERR DISCARD without MULTI"));

    assertThat(c.call("MULTI")).isEqualTo("OK");
    assertThat(c.call("GET", "big"))
        .isEqualTo(new Err("OOM command not allowed when used memory > 'maxmemory'."));
    assertThat(c.call("EXEC"))
        .isEqualTo(new Err("EXECABORT Transaction discarded because of previous errors."));
    // Outside MULTI, reads still work.
    assertThat(RespClient.str(c.call("GET", "big"))).hasSize(1000);
  }

  private static List<Object> strings(Object reply) {
    List<Object> out = new java.util.ArrayList<>();
    for (Object o : (List<?>) reply) {
      out.add(o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : o);
    }
    return out;
  }

  private void setMaxMemory(long bytes) throws Exception {
    server.onCommandThread(
        () -> {
          server.engine().config().maxMemory = bytes;
          return null;
        });
  }

  private void awaitLogicallyExpired(String key) {
    await()
        .until(
            () ->
                server.onCommandThread(
                    () -> {
                      Database db = server.engine().keyspace().db(0);
                      Entry e = db.peek(key.getBytes());
                      return e != null && db.isExpired(e);
                    }));
  }
}
