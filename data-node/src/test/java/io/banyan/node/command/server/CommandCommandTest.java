package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.CommandDocument;
import redis.clients.jedis.resps.CommandInfo;

/**
 * COMMAND and its subcommands. The expected COMMAND INFO entries are what a real Redis 7.0.15
 * reports for the same commands.
 */
@SuppressWarnings("unchecked")
class CommandCommandTest extends ServerTestBase {
  private static final List<Object> RO_ACCESS_KEY1 =
      List.of(
          List.of(
              "flags",
              List.of("RO", "access"),
              "begin_search",
              List.of("type", "index", "spec", List.of("index", 1L)),
              "find_keys",
              List.of(
                  "type", "range", "spec", List.of("lastkey", 0L, "keystep", 1L, "limit", 0L))));

  private static Object info(RespClient c, String name) {
    return ((List<Object>) Plain.of(c.call("COMMAND", "INFO", name))).get(0);
  }

  @Test
  void infoMatchesRedisForSimpleCommands() {
    RespClient c = resp();
    assertThat(info(c, "get"))
        .isEqualTo(
            List.of(
                "get",
                2L,
                List.of("readonly", "fast"),
                1L,
                1L,
                1L,
                List.of("@read", "@string", "@fast"),
                List.of(),
                RO_ACCESS_KEY1,
                List.of()));
    assertThat(info(c, "PING"))
        .isEqualTo(
            List.of(
                "ping",
                -1L,
                List.of("fast"),
                0L,
                0L,
                0L,
                List.of("@fast", "@connection"),
                List.of("request_policy:all_shards", "response_policy:all_succeeded"),
                List.of(),
                List.of()));
    assertThat(info(c, "client|kill"))
        .isEqualTo(
            List.of(
                "client|kill",
                -3L,
                List.of("admin", "noscript", "loading", "stale"),
                0L,
                0L,
                0L,
                List.of("@admin", "@slow", "@dangerous", "@connection"),
                List.of(),
                List.of(),
                List.of()));
    assertThat(info(c, "object|encoding"))
        .isEqualTo(
            List.of(
                "object|encoding",
                3L,
                List.of("readonly"),
                2L,
                2L,
                1L,
                List.of("@keyspace", "@read", "@slow"),
                List.of("nondeterministic_output"),
                List.of(
                    List.of(
                        "flags",
                        List.of("RO"),
                        "begin_search",
                        List.of("type", "index", "spec", List.of("index", 2L)),
                        "find_keys",
                        List.of(
                            "type",
                            "range",
                            "spec",
                            List.of("lastkey", 0L, "keystep", 1L, "limit", 0L)))),
                List.of()));
  }

  @Test
  void containersListTheirSubcommands() {
    RespClient c = resp();
    List<?> client = (List<?>) info(c, "client");
    assertThat(client.subList(0, 9))
        .isEqualTo(
            List.of("client", -2L, List.of(), 0L, 0L, 0L, List.of("@slow"), List.of(), List.of()));
    List<Object> subs = (List<Object>) client.get(9);
    assertThat(subs.stream().map(s -> (Object) ((List<?>) s).get(0)).toList())
        .contains("client|list", "client|kill");
    assertThat(info(c, "command")).asList().element(1).isEqualTo(-1L);
  }

  @Test
  void infoOfUnknownCommandsIsNull() {
    RespClient c = resp();
    List<?> reply = (List<?>) c.call("COMMAND", "INFO", "nosuch", "get");
    assertThat(reply).hasSize(2);
    assertThat(reply.get(0)).isNull();
    assertThat(Plain.of(reply.get(1))).asList().first().isEqualTo("get");
  }

  @Test
  void allCommandsAndCount() {
    RespClient c = resp();
    long count = (Long) c.call("COMMAND", "COUNT");
    assertThat(count).isEqualTo(server.engine().commands().size());
    assertThat((List<?>) c.call("COMMAND")).hasSize((int) count);
    assertThat((List<?>) c.call("COMMAND", "INFO")).hasSize((int) count);
    assertThat(c.call("COMMAND", "COUNT", "x"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'command|count' command"));
    assertThat(c.call("COMMAND", "foo"))
        .isEqualTo(new Err("ERR unknown subcommand 'foo'. Try COMMAND HELP."));
  }

  @Test
  @SuppressWarnings("unchecked")
  void resp3TypesOfCommandInfo() {
    RespClient c = resp();
    c.call("HELLO", "3");
    List<Object> get = (List<Object>) Plain.of(((List<?>) c.call("COMMAND", "INFO", "get")).get(0));
    assertThat(get.get(2)).isEqualTo(Set.of("readonly", "fast"));
    assertThat(get.get(6)).isInstanceOf(Set.class);
    Set<Object> keySpecs = (Set<Object>) get.get(8);
    Map<Object, Object> spec = (Map<Object, Object>) keySpecs.iterator().next();
    assertThat(spec.get("begin_search"))
        .isEqualTo(Map.of("type", "index", "spec", Map.of("index", 1L)));
    assertThat(get.get(9)).isEqualTo(Set.of());
  }

  @Test
  @SuppressWarnings("unchecked")
  void docs() {
    RespClient c = resp();
    Map<Object, Object> docs = Plain.pairs(c.call("COMMAND", "DOCS", "get", "nosuch", "slowlog"));
    assertThat(docs.keySet()).containsExactly("get", "slowlog");
    Map<Object, Object> get = Plain.pairs(docs.get("get"));
    assertThat(get)
        .containsEntry("since", "1.0.0")
        .containsEntry("group", "string")
        .containsEntry("complexity", "O(1)")
        .containsKey("summary");
    Map<Object, Object> slowlog = Plain.pairs(docs.get("slowlog"));
    assertThat(Plain.pairs(slowlog.get("subcommands")).keySet())
        .contains("slowlog|get", "slowlog|len", "slowlog|reset", "slowlog|help");
    assertThat((List<?>) c.call("COMMAND", "DOCS", "nosuch")).isEmpty();

    c.call("HELLO", "3");
    Map<Object, Object> map = (Map<Object, Object>) Plain.of(c.call("COMMAND", "DOCS", "echo"));
    assertThat(((Map<Object, Object>) map.get("echo")).get("group")).isEqualTo("connection");
  }

  @Test
  void list() {
    RespClient c = resp();
    List<Object> all = (List<Object>) Plain.of(c.call("COMMAND", "LIST"));
    assertThat(all).contains("get", "client", "client|kill", "command|docs");
    List<Object> connection =
        (List<Object>) Plain.of(c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection"));
    assertThat(connection)
        .contains("ping", "hello", "client|id", "command|info")
        .doesNotContain("get");
    assertThat(
            (List<Object>) Plain.of(c.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "CLIENT|K*")))
        .containsExactly("client|kill");
    assertThat((List<?>) c.call("COMMAND", "LIST", "FILTERBY", "MODULE", "x")).isEmpty();
    assertThat((List<?>) c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch")).isEmpty();
    assertThat(c.call("COMMAND", "LIST", "FILTERBY", "foo", "bar"))
        .isEqualTo(new Err("ERR syntax error"));
    assertThat(c.call("COMMAND", "LIST", "foo")).isEqualTo(new Err("ERR syntax error"));
  }

  @Test
  void getKeys() {
    RespClient c = resp();
    assertThat(Plain.of(c.call("COMMAND", "GETKEYS", "SET", "a", "b"))).isEqualTo(List.of("a"));
    assertThat(Plain.of(c.call("COMMAND", "GETKEYS", "get", "k"))).isEqualTo(List.of("k"));
    assertThat(Plain.of(c.call("COMMAND", "GETKEYS", "object", "encoding", "k")))
        .isEqualTo(List.of("k"));
    assertThat(Plain.of(c.call("COMMAND", "GETKEYS", "memory", "usage", "k", "samples", "5")))
        .isEqualTo(List.of("k"));
    assertThat(Plain.of(c.call("COMMAND", "GETKEYSANDFLAGS", "set", "a", "b")))
        .isEqualTo(List.of(List.of("a", List.of("OW", "update"))));
    assertThat(Plain.of(c.call("COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "GET")))
        .isEqualTo(List.of(List.of("a", List.of("RW", "access", "update"))));
    assertThat(c.call("COMMAND", "GETKEYS", "get", "a", "b"))
        .isEqualTo(new Err("ERR Invalid number of arguments specified for command"));
    assertThat(c.call("COMMAND", "GETKEYS", "nosuch", "a"))
        .isEqualTo(new Err("ERR Invalid command specified"));
    assertThat(c.call("COMMAND", "GETKEYS", "client", "foo", "x"))
        .isEqualTo(new Err("ERR Invalid command specified"));
    assertThat(c.call("COMMAND", "GETKEYS", "ping", "x"))
        .isEqualTo(new Err("ERR The command has no key arguments"));
    assertThat(c.call("COMMAND", "GETKEYS", "get"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'command|getkeys' command"));
  }

  @Test
  void help() {
    RespClient c = resp();
    List<Object> help = (List<Object>) c.call("COMMAND", "HELP");
    assertThat(help.get(0))
        .isEqualTo("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    assertThat(help).contains("GETKEYS <full-command>", "HELP");
  }

  @Test
  void jedisParsesTheReplies() {
    Jedis j = jedis();
    assertThat(j.commandCount()).isEqualTo(server.engine().commands().size());
    Map<String, CommandInfo> info = j.commandInfo("get", "client");
    assertThat(info.get("get").getArity()).isEqualTo(2L);
    assertThat(info.get("get").getFlags()).containsExactly("readonly", "fast");
    assertThat(info.get("client").getSubcommands()).containsKey("client|list");
    Map<String, CommandDocument> docs = j.commandDocs("get");
    assertThat(docs.get("get").getSince()).isEqualTo("1.0.0");
    assertThat(j.commandGetKeys("SET", "k", "v")).containsExactly("k");
    assertThat(j.commandList()).contains("get", "client|kill");
  }
}
