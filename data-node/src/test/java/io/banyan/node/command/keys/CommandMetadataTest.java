package io.banyan.node.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.CommandFamilies;
import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.command.model.CommandTable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The string, bitmap and key commands carry Redis 7.0's metadata; the rows below were produced from
 * COMMAND INFO of a Redis 7.0.15 server.
 */
class CommandMetadataTest {
  private record Row(
      String name, int arity, String flags, int firstKey, int lastKey, int step, String acl) {}

  private static Row row(
      String name, int arity, String flags, int firstKey, int lastKey, int step, String acl) {
    return new Row(name, arity, flags, firstKey, lastKey, step, acl);
  }

  private static final List<Row> REDIS =
      List.of(
          row("get", 2, "readonly fast", 1, 1, 1, "@read @string @fast"),
          row("set", -3, "write denyoom", 1, 1, 1, "@write @string @slow"),
          row("setnx", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast"),
          row("setex", 4, "write denyoom", 1, 1, 1, "@write @string @slow"),
          row("psetex", 4, "write denyoom", 1, 1, 1, "@write @string @slow"),
          row("getset", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast"),
          row("getdel", 2, "write fast", 1, 1, 1, "@write @string @fast"),
          row("getex", -2, "write fast", 1, 1, 1, "@write @string @fast"),
          row("mget", -2, "readonly fast", 1, -1, 1, "@read @string @fast"),
          row("mset", -3, "write denyoom", 1, -1, 2, "@write @string @slow"),
          row("msetnx", -3, "write denyoom", 1, -1, 2, "@write @string @slow"),
          row("incr", 2, "write denyoom fast", 1, 1, 1, "@write @string @fast"),
          row("decr", 2, "write denyoom fast", 1, 1, 1, "@write @string @fast"),
          row("incrby", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast"),
          row("decrby", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast"),
          row("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast"),
          row("append", 3, "write denyoom fast", 1, 1, 1, "@write @string @fast"),
          row("strlen", 2, "readonly fast", 1, 1, 1, "@read @string @fast"),
          row("getrange", 4, "readonly", 1, 1, 1, "@read @string @slow"),
          row("substr", 4, "readonly", 1, 1, 1, "@read @string @slow"),
          row("setrange", 4, "write denyoom", 1, 1, 1, "@write @string @slow"),
          row("setbit", 4, "write denyoom", 1, 1, 1, "@write @bitmap @slow"),
          row("getbit", 3, "readonly fast", 1, 1, 1, "@read @bitmap @fast"),
          row("bitcount", -2, "readonly", 1, 1, 1, "@read @bitmap @slow"),
          row("bitpos", -3, "readonly", 1, 1, 1, "@read @bitmap @slow"),
          row("bitop", -4, "write denyoom", 2, -1, 1, "@write @bitmap @slow"),
          row("bitfield", -2, "write denyoom", 1, 1, 1, "@write @bitmap @slow"),
          row("bitfield_ro", -2, "readonly fast", 1, 1, 1, "@read @bitmap @fast"),
          row("lcs", -3, "readonly", 1, 2, 1, "@read @string @slow"),
          row("del", -2, "write", 1, -1, 1, "@keyspace @write @slow"),
          row("unlink", -2, "write fast", 1, -1, 1, "@keyspace @write @fast"),
          row("exists", -2, "readonly fast", 1, -1, 1, "@keyspace @read @fast"),
          row("type", 2, "readonly fast", 1, 1, 1, "@keyspace @read @fast"),
          row("expire", -3, "write fast", 1, 1, 1, "@keyspace @write @fast"),
          row("pexpire", -3, "write fast", 1, 1, 1, "@keyspace @write @fast"),
          row("expireat", -3, "write fast", 1, 1, 1, "@keyspace @write @fast"),
          row("pexpireat", -3, "write fast", 1, 1, 1, "@keyspace @write @fast"),
          row("ttl", 2, "readonly fast", 1, 1, 1, "@keyspace @read @fast"),
          row("pttl", 2, "readonly fast", 1, 1, 1, "@keyspace @read @fast"),
          row("expiretime", 2, "readonly fast", 1, 1, 1, "@keyspace @read @fast"),
          row("pexpiretime", 2, "readonly fast", 1, 1, 1, "@keyspace @read @fast"),
          row("persist", 2, "write fast", 1, 1, 1, "@keyspace @write @fast"),
          row("rename", 3, "write", 1, 2, 1, "@keyspace @write @slow"),
          row("renamenx", 3, "write fast", 1, 2, 1, "@keyspace @write @fast"),
          row("keys", 2, "readonly", 0, 0, 0, "@keyspace @read @slow @dangerous"),
          row("scan", -2, "readonly", 0, 0, 0, "@keyspace @read @slow"),
          row("randomkey", 1, "readonly", 0, 0, 0, "@keyspace @read @slow"),
          row("copy", -3, "write denyoom", 1, 2, 1, "@keyspace @write @slow"),
          row("move", 3, "write fast", 1, 1, 1, "@keyspace @write @fast"),
          row("swapdb", 3, "write fast", 0, 0, 0, "@keyspace @write @fast @dangerous"),
          row("touch", -2, "readonly fast", 1, -1, 1, "@keyspace @read @fast"));

  @Test
  void matchesRedis() {
    CommandTable table = CommandFamilies.table();
    for (Row expected : REDIS) {
      CommandSpec spec = table.lookup(expected.name());
      assertThat(spec).as(expected.name()).isNotNull();
      assertThat(spec.arity()).as(expected.name() + " arity").isEqualTo(expected.arity());
      Set<String> flags =
          spec.flags().stream()
              .map(CommandFlag::wireName)
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(flags)
          .as(expected.name() + " flags")
          .isEqualTo(new TreeSet<>(List.of(expected.flags().split(" "))));
      assertThat(List.of(spec.firstKey(), spec.lastKey(), spec.keyStep()))
          .as(expected.name() + " keys")
          .isEqualTo(List.of(expected.firstKey(), expected.lastKey(), expected.step()));
      assertThat(spec.aclCategories())
          .as(expected.name() + " acl")
          .isEqualTo(List.of(expected.acl().replace("@", "").split(" ")));
      assertThat(spec.summary()).as(expected.name() + " summary").isNotBlank();
    }
  }
}
