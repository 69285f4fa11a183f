package io.banyan.node.command.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.client.Client;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientCommandTest extends ServerTestBase {
  /** CLIENT LIST's fields in Redis 7.0's order. */
  private static final List<String> FIELDS =
      List.of(
          "id",
          "addr",
          "laddr",
          "fd",
          "name",
          "age",
          "idle",
          "flags",
          "db",
          "sub",
          "psub",
          "ssub",
          "multi",
          "qbuf",
          "qbuf-free",
          "argv-mem",
          "multi-mem",
          "rbs",
          "rbp",
          "obl",
          "oll",
          "omem",
          "tot-mem",
          "events",
          "cmd",
          "user",
          "redir",
          "resp");

  private static Map<String, String> info(RespClient c) {
    return ClientListParser.fields(RespClient.str(c.call("CLIENT", "INFO")));
  }

  private List<Map<String, String>> list(RespClient c, Object... filter) {
    Object[] args = new Object[filter.length + 2];
    args[0] = "CLIENT";
    args[1] = "LIST";
    System.arraycopy(filter, 0, args, 2, filter.length);
    return ClientListParser.lines(RespClient.str(c.call(args)));
  }

  @Test
  void idNameAndInfo() {
    RespClient c = resp();
    long id = (Long) c.call("CLIENT", "ID");
    assertThat(c.call("CLIENT", "GETNAME")).isNull();
    assertThat(c.call("CLIENT", "SETNAME", "worker-1")).isEqualTo("OK");
    assertThat(RespClient.str(c.call("CLIENT", "GETNAME"))).isEqualTo("worker-1");
    Err badName =
        new Err("ERR Client names cannot contain spaces, newlines or special characters.");
    assertThat(c.call("CLIENT", "SETNAME", "a b")).isEqualTo(badName);
    assertThat(c.call("CLIENT", "SETNAME", "a\nb")).isEqualTo(badName);
    assertThat(c.call("CLIENT", "SETNAME", "caf\u00e9")).isEqualTo(badName);
    Map<String, String> me = info(c);
    assertThat(me.keySet()).containsExactlyElementsOf(FIELDS);
    assertThat(me)
        .containsEntry("id", Long.toString(id))
        .containsEntry("name", "worker-1")
        .containsEntry("laddr", "127.0.0.1:" + port())
        .containsEntry("flags", "N")
        .containsEntry("db", "0")
        .containsEntry("multi", "-1")
        .containsEntry("qbuf", "26")
        .containsEntry("argv-mem", "10")
        .containsEntry("cmd", "client|info")
        .containsEntry("user", "default")
        .containsEntry("redir", "-1")
        .containsEntry("resp", "2");
    assertThat(me.get("addr")).startsWith("127.0.0.1:");
    assertThat(c.call("CLIENT", "SETNAME", "")).isEqualTo("OK");
    assertThat(c.call("CLIENT", "GETNAME")).isNull();
    assertThat(c.call("CLIENT", "INFO", "x"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'client|info' command"));
  }

  @Test
  void clientInfoIsVerbatimInResp3() {
    RespClient c = resp();
    c.call("HELLO", "3");
    Object reply = c.call("CLIENT", "INFO");
    assertThat(reply).isInstanceOf(String.class); // RespClient decodes '=' verbatim to String
    assertThat((String) reply).endsWith("resp=3\n");
  }

  @Test
  void listShowsEveryConnectionAndFilters() throws Exception {
    RespClient a = resp();
    RespClient b = resp();
    long idA = (Long) a.call("CLIENT", "ID");
    long idB = (Long) b.call("CLIENT", "ID");
    b.call("SELECT", "4");
    b.call("CLIENT", "SETNAME", "bee");
    List<Map<String, String>> all = list(a);
    assertThat(all).extracting(m -> m.get("id")).contains(Long.toString(idA), Long.toString(idB));
    Map<String, String> bee =
        all.stream().filter(m -> m.get("id").equals(Long.toString(idB))).findFirst().orElseThrow();
    assertThat(bee).containsEntry("name", "bee").containsEntry("db", "4");
    assertThat(bee).containsEntry("cmd", "client|setname").containsEntry("qbuf", "0");
    assertThat(list(a, "ID", idB, 999_999)).extracting(m -> m.get("id")).containsExactly("" + idB);
    assertThat(list(a, "ID", 0)).isEmpty();
    assertThat(a.call("CLIENT", "LIST", "ID", "abc")).isEqualTo(new Err("ERR Invalid client ID"));
    assertThat(a.call("CLIENT", "LIST", "TYPE", "foo"))
        .isEqualTo(new Err("ERR Unknown client type 'foo'"));
    assertThat(a.call("CLIENT", "LIST", "foo")).isEqualTo(new Err("ERR syntax error"));

    Client sessionB = server.onCommandThread(() -> server.engine().clients().get(idB));
    server.onCommandThread(
        () ->
            server
                .engine()
                .pubsub()
                .subscribe(
                    sessionB,
                    io.banyan.node.pubsub.PubSubHub.Kind.CHANNEL,
                    new io.banyan.node.pubsub.ChannelName("news".getBytes())));
    try {
      assertThat(list(a, "TYPE", "pubsub")).extracting(m -> m.get("id")).containsExactly("" + idB);
      assertThat(list(a, "TYPE", "normal")).extracting(m -> m.get("id")).doesNotContain("" + idB);
      assertThat(list(a, "TYPE", "replica")).isEmpty();
      assertThat(list(a, "TYPE", "slave")).isEmpty();
      Map<String, String> sub = list(a, "ID", idB).get(0);
      assertThat(sub).containsEntry("flags", "P").containsEntry("sub", "1");
    } finally {
      server.onCommandThread(
          () -> {
            server.engine().pubsub().unsubscribeAll(sessionB);
            return null;
          });
    }
  }

  @Test
  void killByAddressOldForm() {
    RespClient a = resp();
    RespClient b = resp();
    String addrB = info(b).get("addr");
    assertThat(a.call("CLIENT", "KILL", addrB)).isEqualTo("OK");
    assertThat(b.isClosedByServer()).isTrue();
    assertThat(a.call("CLIENT", "KILL", addrB)).isEqualTo(new Err("ERR No such client"));
    assertThat(a.call("CLIENT", "KILL", "id")).isEqualTo(new Err("ERR No such client"));
  }

  @Test
  void killWithFiltersSparesTheCallerUnlessAsked() {
    RespClient a = resp();
    RespClient b = resp();
    RespClient c = resp();
    assertThat(c.call("PING")).isEqualTo("PONG"); // registered on the server by now
    long idA = (Long) a.call("CLIENT", "ID");
    long idB = (Long) b.call("CLIENT", "ID");
    assertThat(a.call("CLIENT", "KILL", "ID", idB)).isEqualTo(1L);
    assertThat(b.isClosedByServer()).isTrue();
    assertThat(a.call("CLIENT", "KILL", "ID", idA)).isEqualTo(0L);
    assertThat(a.call("CLIENT", "KILL", "ADDR", "1.2.3.4:5")).isEqualTo(0L);
    assertThat(a.call("CLIENT", "KILL", "LADDR", "127.0.0.1:" + port(), "TYPE", "normal"))
        .isEqualTo(1L); // c only
    assertThat(c.isClosedByServer()).isTrue();
    assertThat(a.call("CLIENT", "KILL", "USER", "default", "SKIPME", "no")).isEqualTo(1L);
    assertThat(a.isClosedByServer()).isTrue();
  }

  @Test
  void killRejectsBadFilters() {
    RespClient a = resp();
    assertThat(a.call("CLIENT", "KILL", "ID", "abc"))
        .isEqualTo(new Err("ERR client-id should be greater than 0"));
    assertThat(a.call("CLIENT", "KILL", "ID", "0"))
        .isEqualTo(new Err("ERR client-id should be greater than 0"));
    assertThat(a.call("CLIENT", "KILL", "TYPE", "foo"))
        .isEqualTo(new Err("ERR Unknown client type 'foo'"));
    assertThat(a.call("CLIENT", "KILL", "USER", "nouser"))
        .isEqualTo(new Err("ERR No such user 'nouser'"));
    assertThat(a.call("CLIENT", "KILL", "SKIPME", "maybe")).isEqualTo(new Err("ERR syntax error"));
    assertThat(a.call("CLIENT", "KILL", "foo", "bar")).isEqualTo(new Err("ERR syntax error"));
    assertThat(a.call("CLIENT", "KILL", "ID", "1", "TYPE")).isEqualTo(new Err("ERR syntax error"));
    assertThat(a.call("CLIENT", "KILL"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'client|kill' command"));
  }

  @Test
  void writePauseHoldsWritesUntilUnpause() throws Exception {
    RespClient admin = resp();
    RespClient writer = resp();
    RespClient reader = resp();
    assertThat(admin.call("SET", "k", "before")).isEqualTo("OK");
    assertThat(admin.call("CLIENT", "PAUSE", "60000", "WRITE")).isEqualTo("OK");
    writer.send("SET", "k", "after");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> server.onCommandThread(() -> server.engine().pause().heldClients()) == 1);
    assertThat(RespClient.str(reader.call("GET", "k"))).isEqualTo("before");
    assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo("OK");
    assertThat(writer.read()).isEqualTo("OK");
    assertThat(RespClient.str(reader.call("GET", "k"))).isEqualTo("after");
  }

  @Test
  void allPauseHoldsReadsTooAndEndsByItself() throws Exception {
    RespClient admin = resp();
    RespClient reader = resp();
    assertThat(admin.call("CLIENT", "PAUSE", "1500", "ALL")).isEqualTo("OK");
    reader.send("PING");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> server.onCommandThread(() -> server.engine().pause().heldClients()) == 1);
    // the reply arrives once the pause has expired on its own
    assertThat(reader.read()).isEqualTo("PONG");
    assertThat(server.onCommandThread(() -> server.engine().pause().active())).isFalse();
  }

  @Test
  void pauseRejectsBadArguments() {
    RespClient c = resp();
    assertThat(c.call("CLIENT", "PAUSE", "abc"))
        .isEqualTo(new Err("ERR timeout is not an integer or out of range"));
    assertThat(c.call("CLIENT", "PAUSE", "-1")).isEqualTo(new Err("ERR timeout is negative"));
    assertThat(c.call("CLIENT", "PAUSE", "10", "foo"))
        .isEqualTo(new Err("ERR CLIENT PAUSE mode must be WRITE or ALL"));
    assertThat(c.call("CLIENT", "PAUSE", "10", "write", "x"))
        .isEqualTo(
            new Err(
                "ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT"
                    + " HELP."));
    assertThat(c.call("CLIENT", "PAUSE"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'client|pause' command"));
  }

  @Test
  void unblockAnswersZeroForClientsNotBlocked() {
    RespClient c = resp();
    RespClient other = resp();
    long id = (Long) other.call("CLIENT", "ID");
    assertThat(c.call("CLIENT", "UNBLOCK", id)).isEqualTo(0L);
    assertThat(c.call("CLIENT", "UNBLOCK", "999999", "ERROR")).isEqualTo(0L);
    assertThat(c.call("CLIENT", "UNBLOCK", "abc"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(c.call("CLIENT", "UNBLOCK", id, "foo"))
        .isEqualTo(new Err("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"));
  }

  @Test
  void noEvictAndNoTouchShowAsFlags() {
    RespClient c = resp();
    assertThat(c.call("CLIENT", "NO-EVICT", "on")).isEqualTo("OK");
    assertThat(info(c).get("flags")).isEqualTo("e");
    assertThat(c.call("CLIENT", "NO-TOUCH", "ON")).isEqualTo("OK");
    assertThat(info(c).get("flags")).isEqualTo("eT");
    assertThat(c.call("CLIENT", "NO-EVICT", "off")).isEqualTo("OK");
    assertThat(c.call("CLIENT", "NO-TOUCH", "off")).isEqualTo("OK");
    assertThat(info(c).get("flags")).isEqualTo("N");
    assertThat(c.call("CLIENT", "NO-EVICT", "maybe")).isEqualTo(new Err("ERR syntax error"));
    assertThat(c.call("CLIENT", "NO-TOUCH", "x")).isEqualTo(new Err("ERR syntax error"));
  }

  @Test
  void replyOffOnAndSkip() {
    RespClient c = resp();
    c.send("CLIENT", "REPLY", "OFF");
    c.send("SET", "k", "1");
    c.send("PING");
    c.send("CLIENT", "REPLY", "ON");
    assertThat(c.read()).isEqualTo("OK"); // only REPLY ON answers
    c.send("CLIENT", "REPLY", "SKIP");
    c.send("ECHO", "dropped");
    c.send("ECHO", "kept");
    assertThat(RespClient.str(c.read())).isEqualTo("kept");
    assertThat(RespClient.str(c.call("GET", "k"))).isEqualTo("1");
    assertThat(c.call("CLIENT", "REPLY", "foo")).isEqualTo(new Err("ERR syntax error"));
  }

  @Test
  void trackingIsNotSupported() {
    RespClient c = resp();
    assertThat(c.call("CLIENT", "TRACKING", "on"))
        .isEqualTo(
            new Err("ERR client-side caching (CLIENT TRACKING) is not supported by this server"));
    assertThat(c.call("CLIENT", "TRACKING", "off")).isEqualTo("OK");
    assertThat(c.call("CLIENT", "GETREDIR")).isEqualTo(-1L);
    assertThat(c.call("CLIENT", "CACHING", "yes"))
        .isEqualTo(
            new Err(
                "ERR CLIENT CACHING can be called only when the client is in tracking mode with"
                    + " OPTIN or OPTOUT mode enabled"));
    @SuppressWarnings("unchecked")
    List<Object> trackingInfo = (List<Object>) c.call("CLIENT", "TRACKINGINFO");
    assertThat(trackingInfo).hasSize(6);
    assertThat(RespClient.str(trackingInfo.get(0))).isEqualTo("flags");
    assertThat(((List<?>) trackingInfo.get(1)).stream().map(RespClient::str))
        .containsExactly("off");
    assertThat(trackingInfo.get(3)).isEqualTo(-1L);
  }

  @Test
  void unknownSubcommandAndHelp() {
    RespClient c = resp();
    assertThat(c.call("CLIENT", "foo"))
        .isEqualTo(new Err("ERR unknown subcommand 'foo'. Try CLIENT HELP."));
    assertThat(c.call("CLIENT"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'client' command"));
    @SuppressWarnings("unchecked")
    List<Object> help = (List<Object>) c.call("CLIENT", "HELP");
    assertThat((String) help.get(0))
        .isEqualTo("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    assertThat(help).contains("KILL <ip:port>", "HELP", "REPLY (ON|OFF|SKIP)");
  }
}
