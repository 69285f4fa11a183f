package io.banyan.node.command.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BANYAN FENCE / ADMIT / EPOCH on one node: replies, errors, and what a fence refuses. */
class FenceCommandsTest extends ServerTestBase {
  private static final String FENCED_PREFIX = "FENCED this node is fenced at epoch ";
  private static final String FENCED_SUFFIX =
      ": it accepts writes only after the operator admits it";

  private RespClient c;

  /** The node is shared by the tests of this class: each starts admitted, at the current epoch. */
  @BeforeEach
  void admitted() {
    c = resp();
    long epoch = (Long) c.call("BANYAN", "EPOCH");
    assertThat(c.call("BANYAN", "ADMIT", Long.toString(epoch))).isEqualTo("OK");
  }

  private long epoch() {
    return (Long) c.call("BANYAN", "EPOCH");
  }

  private static Err fenced(long epoch) {
    return new Err(FENCED_PREFIX + epoch + FENCED_SUFFIX);
  }

  private String info(String field) {
    String info = RespClient.str(c.call("INFO", "replication"));
    for (String line : info.split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    return null;
  }

  @Test
  void fenceAndAdmitRecordTheEpochAndReplyOk() {
    long next = epoch() + 5;
    assertThat(c.call("BANYAN", "FENCE", Long.toString(next))).isEqualTo("OK");
    assertThat(c.call("BANYAN", "EPOCH")).isEqualTo(next);
    assertThat(c.call("banyan", "admit", Long.toString(next + 1))).isEqualTo("OK");
    assertThat(c.call("BANYAN", "EPOCH")).isEqualTo(next + 1);
  }

  @Test
  void equalEpochIsAcceptedSoTheOperatorCanRetry() {
    long e = epoch() + 1;
    assertThat(c.call("BANYAN", "FENCE", Long.toString(e))).isEqualTo("OK");
    assertThat(c.call("BANYAN", "FENCE", Long.toString(e))).isEqualTo("OK");
    assertThat(c.call("SET", "k", "v")).isEqualTo(fenced(e));
    assertThat(c.call("BANYAN", "ADMIT", Long.toString(e))).isEqualTo("OK");
    assertThat(c.call("BANYAN", "ADMIT", Long.toString(e))).isEqualTo("OK");
    assertThat(c.call("SET", "k", "v")).isEqualTo("OK");
  }

  @Test
  void olderEpochIsRefusedAndChangesNothing() {
    long e = epoch() + 3;
    c.call("BANYAN", "FENCE", Long.toString(e));
    assertThat(c.call("BANYAN", "ADMIT", Long.toString(e - 1)))
        .isEqualTo(
            new Err("STALEEPOCH epoch " + (e - 1) + " is older than this node's epoch " + e));
    assertThat(c.call("SET", "k", "v")).isEqualTo(fenced(e));
    c.call("BANYAN", "ADMIT", Long.toString(e));
    assertThat(c.call("BANYAN", "FENCE", "0"))
        .isEqualTo(new Err("STALEEPOCH epoch 0 is older than this node's epoch " + e));
    assertThat(c.call("SET", "k", "v")).isEqualTo("OK");
    assertThat(c.call("BANYAN", "EPOCH")).isEqualTo(e);
  }

  @Test
  void epochMustBeANonNegativeInteger() {
    Err notInteger = new Err("ERR value is not an integer or out of range");
    long before = epoch();
    for (String bad : List.of("-1", "abc", "1.5", "", "99999999999999999999")) {
      assertThat(c.call("BANYAN", "FENCE", bad)).as(bad).isEqualTo(notInteger);
      assertThat(c.call("BANYAN", "ADMIT", bad)).as(bad).isEqualTo(notInteger);
    }
    assertThat(c.call("BANYAN", "EPOCH")).isEqualTo(before);
    assertThat(c.call("SET", "k", "v")).isEqualTo("OK");
  }

  @Test
  void arityAndUnknownSubcommands() {
    assertThat(c.call("BANYAN"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'banyan' command"));
    assertThat(c.call("BANYAN", "FENCE"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'banyan|fence' command"));
    assertThat(c.call("BANYAN", "ADMIT", "1", "2"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'banyan|admit' command"));
    assertThat(c.call("BANYAN", "EPOCH", "1"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'banyan|epoch' command"));
    assertThat(c.call("BANYAN", "NOPE"))
        .isEqualTo(new Err("ERR unknown subcommand 'NOPE'. Try BANYAN HELP."));
    assertThat(RespClient.str(((List<?>) c.call("BANYAN", "HELP")).get(1)))
        .isEqualTo("FENCE <epoch>");
  }

  @Test
  void writesAreRefusedWhileFencedAndReadsWork() {
    c.call("SET", "k", "before");
    c.call("RPUSH", "list", "a");
    long e = epoch() + 1;
    c.call("BANYAN", "FENCE", Long.toString(e));
    assertThat(c.call("SET", "k", "v")).isEqualTo(fenced(e));
    assertThat(c.call("DEL", "k")).isEqualTo(fenced(e));
    assertThat(c.call("LPUSH", "list", "b")).isEqualTo(fenced(e));
    assertThat(c.call("FLUSHALL")).isEqualTo(fenced(e));
    assertThat(c.call("GET", "k")).isEqualTo("before".getBytes());
    assertThat(strings(c.call("LRANGE", "list", "0", "-1"))).containsExactly("a");
    assertThat(c.call("DBSIZE")).isEqualTo(2L);
    assertThat(c.call("PING")).isEqualTo("PONG");
    c.call("BANYAN", "ADMIT", Long.toString(e));
    assertThat(c.call("SET", "k", "after")).isEqualTo("OK");
  }

  @Test
  void aTransactionWithAWriteNeverRunsOnceFenced() {
    long e = epoch() + 1;
    c.call("SET", "k", "before");
    // Queued before the fence: the fence closes the connection, so the transaction never runs
    // (the client reconnects to whichever node is the master now).
    assertThat(c.call("MULTI")).isEqualTo("OK");
    assertThat(c.call("GET", "k")).isEqualTo("QUEUED");
    assertThat(c.call("SET", "k", "in-multi")).isEqualTo("QUEUED");
    RespClient operator = resp();
    assertThat(operator.call("BANYAN", "FENCE", Long.toString(e))).isEqualTo("OK");
    await().atMost(java.time.Duration.ofSeconds(10)).until(c::isClosedByServer);
    c = resp();
    assertThat(c.call("GET", "k")).isEqualTo("before".getBytes());

    // Queued while fenced: the write is refused at once and EXEC aborts.
    assertThat(c.call("MULTI")).isEqualTo("OK");
    assertThat(c.call("SET", "k", "in-multi")).isEqualTo(fenced(e));
    assertThat(c.call("EXEC"))
        .isEqualTo(new Err("EXECABORT Transaction discarded because of previous errors."));

    // A read-only transaction runs.
    assertThat(c.call("MULTI")).isEqualTo("OK");
    assertThat(c.call("GET", "k")).isEqualTo("QUEUED");
    assertThat(strings(c.call("EXEC"))).containsExactly("before");
    assertThat(c.call("GET", "k")).isEqualTo("before".getBytes());
  }

  @Test
  void infoReplicationEndsWithTheBanyanFields() {
    long e = epoch() + 1;
    c.call("BANYAN", "FENCE", Long.toString(e));
    String info = RespClient.str(c.call("INFO", "replication"));
    assertThat(info.strip()).endsWith("banyan_epoch:" + e + "\r\nbanyan_fenced:1");
    c.call("BANYAN", "ADMIT", Long.toString(e));
    assertThat(info("banyan_fenced")).isEqualTo("0");
    assertThat(info("banyan_epoch")).isEqualTo(Long.toString(e));
  }

  @Test
  void startFencedOptionIsReadableButNotSettable() {
    assertThat(strings(c.call("CONFIG", "GET", "banyan-start-fenced")))
        .containsExactly("banyan-start-fenced", "no");
    Object reply = c.call("CONFIG", "SET", "banyan-start-fenced", "yes");
    assertThat(reply).isInstanceOf(Err.class);
    assertThat(((Err) reply).message()).contains("can't set immutable config");
  }

  @Test
  void commandMetadataMarksTheSubcommandsAdmin() {
    Map<Object, Object> docs = pairs(c.call("COMMAND", "DOCS", "banyan"));
    assertThat(docs.keySet()).containsExactly("banyan");
    Map<Object, Object> banyan = pairs(docs.get("banyan"));
    assertThat(RespClient.str(banyan.get("summary"))).isNotBlank();
    assertThat(pairs(banyan.get("subcommands")).keySet())
        .contains("banyan|fence", "banyan|admit", "banyan|epoch");
    List<?> info = (List<?>) ((List<?>) c.call("COMMAND", "INFO", "banyan")).get(0);
    List<?> subs = (List<?>) info.get(9);
    List<?> fence =
        subs.stream()
            .map(s -> (List<?>) s)
            .filter(s -> RespClient.str(s.get(0)).equals("banyan|fence"))
            .findFirst()
            .orElseThrow();
    assertThat(fence.get(1)).isEqualTo(3L);
    assertThat(((List<?>) fence.get(2)).stream().map(Object::toString))
        .contains("admin", "noscript", "loading", "stale");
  }

  private static List<String> strings(Object reply) {
    return ((List<?>) reply).stream().map(RespClient::str).toList();
  }

  /** RESP2 maps arrive as flat arrays: name, value, name, value. */
  private static Map<Object, Object> pairs(Object reply) {
    Map<Object, Object> out = new java.util.LinkedHashMap<>();
    List<?> flat = (List<?>) reply;
    for (int i = 0; i < flat.size(); i += 2) {
      out.put(RespClient.str(flat.get(i)), flat.get(i + 1));
    }
    return out;
  }
}
