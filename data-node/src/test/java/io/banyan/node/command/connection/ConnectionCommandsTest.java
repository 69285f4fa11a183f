package io.banyan.node.command.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.client.Client;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionCommandsTest extends ServerTestBase {

  /** The server-side session of a test connection, found by its CLIENT ID. */
  private Client session(RespClient c) throws Exception {
    long id = (Long) c.call("CLIENT", "ID");
    return server.onCommandThread(() -> server.engine().clients().get(id));
  }

  @Test
  void pingAndEcho() {
    RespClient c = resp();
    assertThat(c.call("PING")).isEqualTo("PONG");
    assertThat(RespClient.str(c.call("PING", "hello"))).isEqualTo("hello");
    assertThat(c.call("PING", "a", "b"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'ping' command"));
    assertThat(RespClient.str(c.call("ECHO", "x y"))).isEqualTo("x y");
    assertThat(c.call("ECHO"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'echo' command"));
    assertThat(c.call("ECHO", "a", "b"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'echo' command"));
  }

  @Test
  void pingOfAResp2SubscriberAnswersLikeAMessage() throws Exception {
    RespClient c = resp();
    Client session = session(c);
    server.onCommandThread(
        () ->
            server
                .engine()
                .pubsub()
                .subscribe(
                    session,
                    io.banyan.node.pubsub.PubSubHub.Kind.CHANNEL,
                    new io.banyan.node.pubsub.ChannelName("ch".getBytes())));
    Object plain = c.call("PING");
    assertThat(((List<?>) plain).stream().map(RespClient::str)).containsExactly("pong", "");
    Object withArg = c.call("PING", "hi");
    assertThat(((List<?>) withArg).stream().map(RespClient::str)).containsExactly("pong", "hi");
    server.onCommandThread(
        () -> {
          server.engine().pubsub().unsubscribeAll(session);
          return null;
        });
  }

  @Test
  void selectValidatesTheIndex() {
    RespClient c = resp();
    assertThat(c.call("SELECT", "16")).isEqualTo(new Err("ERR DB index is out of range"));
    assertThat(c.call("SELECT", "-1")).isEqualTo(new Err("ERR DB index is out of range"));
    assertThat(c.call("SELECT", "abc"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(c.call("SELECT", "1.5"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(c.call("SET", "k", "db0")).isEqualTo("OK");
    assertThat(c.call("SELECT", "3")).isEqualTo("OK");
    assertThat(c.call("GET", "k")).isNull();
    assertThat(c.call("SET", "k", "db3")).isEqualTo("OK");
    assertThat(c.call("SELECT", "0")).isEqualTo("OK");
    assertThat(RespClient.str(c.call("GET", "k"))).isEqualTo("db0");
  }

  @Test
  void quitRepliesOkAndCloses() {
    RespClient c = resp();
    assertThat(c.call("QUIT")).isEqualTo("OK");
    assertThat(c.isClosedByServer()).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void helloNegotiatesTheProtocol() {
    RespClient c = resp();
    Object two = c.call("HELLO");
    assertThat(two).isInstanceOf(List.class);
    List<Object> flat = (List<Object>) two;
    assertThat(flat).hasSize(14);
    assertThat(RespClient.str(flat.get(0))).isEqualTo("server");
    assertThat(RespClient.str(flat.get(1))).isEqualTo("redis");
    assertThat(RespClient.str(flat.get(3))).isEqualTo("7.0.15");
    assertThat(flat.get(5)).isEqualTo(2L);

    Object three = c.call("HELLO", "3");
    assertThat(three).isInstanceOf(Map.class);
    Map<Object, Object> m = (Map<Object, Object>) three;
    assertThat(m.keySet())
        .containsExactly("server", "version", "proto", "id", "mode", "role", "modules");
    assertThat(m.get("proto")).isEqualTo(3L);
    assertThat(m.get("id")).isEqualTo(c.call("CLIENT", "ID"));
    assertThat(RespClient.str(m.get("mode"))).isEqualTo("standalone");
    assertThat(RespClient.str(m.get("role"))).isEqualTo("master");
    assertThat(m.get("modules")).isEqualTo(List.of());
    // RESP3 types now: a null is '_', a map is a map.
    assertThat(c.call("GET", "missing")).isNull();
    assertThat(c.call("HELLO", "2")).isInstanceOf(List.class);
  }

  @Test
  void helloRejectsBadArguments() {
    RespClient c = resp();
    assertThat(c.call("HELLO", "4")).isEqualTo(new Err("NOPROTO unsupported protocol version"));
    assertThat(c.call("HELLO", "1")).isEqualTo(new Err("NOPROTO unsupported protocol version"));
    assertThat(c.call("HELLO", "abc"))
        .isEqualTo(new Err("ERR Protocol version is not an integer or out of range"));
    assertThat(c.call("HELLO", "3", "SETNAME", "a b"))
        .isEqualTo(
            new Err("ERR Client names cannot contain spaces, newlines or special characters."));
    assertThat(c.call("HELLO", "2", "AUTH", "default"))
        .isEqualTo(new Err("ERR Syntax error in HELLO option 'AUTH'"));
    assertThat(c.call("HELLO", "2", "foo"))
        .isEqualTo(new Err("ERR Syntax error in HELLO option 'foo'"));
    // a failed HELLO leaves the protocol alone
    assertThat(c.call("HELLO", "3", "bogus")).isInstanceOf(Err.class);
    assertThat(ClientListParser.fields(RespClient.str(c.call("CLIENT", "INFO"))))
        .containsEntry("resp", "2");
  }

  @Test
  void helloSetsTheNameAndAcceptsAnyPasswordForTheDefaultUserWithoutRequirepass() {
    RespClient c = resp();
    assertThat(c.call("HELLO", "3", "AUTH", "default", "whatever", "SETNAME", "app-1"))
        .isInstanceOf(Map.class);
    assertThat(RespClient.str(c.call("CLIENT", "GETNAME"))).isEqualTo("app-1");
    assertThat(c.call("HELLO", "2", "AUTH", "someone", "pw"))
        .isEqualTo(new Err("WRONGPASS invalid username-password pair or user is disabled."));
  }

  @Test
  void authWithoutRequirepass() {
    RespClient c = resp();
    assertThat(c.call("AUTH", "x"))
        .isEqualTo(
            new Err(
                "ERR AUTH <password> called without any password configured for the default"
                    + " user. Are you sure your configuration is correct?"));
    assertThat(c.call("AUTH", "default", "anything")).isEqualTo("OK");
    assertThat(c.call("AUTH", "alice", "pw"))
        .isEqualTo(new Err("WRONGPASS invalid username-password pair or user is disabled."));
    assertThat(c.call("AUTH", "a", "b", "c")).isEqualTo(new Err("ERR syntax error"));
  }

  @Test
  void resetRestoresTheInitialSessionState() throws Exception {
    RespClient c = resp();
    c.call("HELLO", "3", "SETNAME", "named");
    c.call("SELECT", "2");
    c.call("CLIENT", "NO-TOUCH", "ON");
    Client session = session(c);
    server.onCommandThread(
        () -> {
          server.engine().watches().watch(session, "w".getBytes());
          session.setInMulti(true);
          server.engine().monitors().add(session);
          return null;
        });
    assertThat(c.call("RESET")).isEqualTo("RESET");
    assertThat(c.call("CLIENT", "GETNAME")).isNull();
    // back to RESP2: a missing key is $-1 and HELLO without version answers a flat array
    assertThat(c.call("HELLO")).isInstanceOf(List.class);
    Map<String, String> info = ClientListParser.fields(RespClient.str(c.call("CLIENT", "INFO")));
    assertThat(info)
        .containsEntry("db", "0")
        .containsEntry("flags", "N")
        .containsEntry("resp", "2");
    assertThat(
            server.onCommandThread(
                () ->
                    List.of(
                        session.inMulti(),
                        session.watchedKeys().isEmpty(),
                        session.isMonitor(),
                        server.engine().monitors().size())))
        .containsExactly(false, true, false, 0);
  }
}
