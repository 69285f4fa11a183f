package io.banyan.node.command.lists;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Arity, flags, key positions and ACL categories as COMMAND INFO reports them in Redis 7.0.15. */
class ListMetadataTest extends ListTestBase {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lpush      | -3 | write denyoom fast                | 1 |  1 | 1 | write list fast",
        "rpush      | -3 | write denyoom fast                | 1 |  1 | 1 | write list fast",
        "lpushx     | -3 | write denyoom fast                | 1 |  1 | 1 | write list fast",
        "rpushx     | -3 | write denyoom fast                | 1 |  1 | 1 | write list fast",
        "lpop       | -2 | write fast                        | 1 |  1 | 1 | write list fast",
        "rpop       | -2 | write fast                        | 1 |  1 | 1 | write list fast",
        "llen       |  2 | readonly fast                     | 1 |  1 | 1 | read list fast",
        "lindex     |  3 | readonly                          | 1 |  1 | 1 | read list slow",
        "lset       |  4 | write denyoom                     | 1 |  1 | 1 | write list slow",
        "lrange     |  4 | readonly                          | 1 |  1 | 1 | read list slow",
        "ltrim      |  4 | write                             | 1 |  1 | 1 | write list slow",
        "linsert    |  5 | write denyoom                     | 1 |  1 | 1 | write list slow",
        "lrem       |  4 | write                             | 1 |  1 | 1 | write list slow",
        "lpos       | -3 | readonly                          | 1 |  1 | 1 | read list slow",
        "rpoplpush  |  3 | write denyoom                     | 1 |  2 | 1 | write list slow",
        "lmove      |  5 | write denyoom                     | 1 |  2 | 1 | write list slow",
        "lmpop      | -4 | write movablekeys                 | 0 |  0 | 0 | write list slow",
        "blpop      | -3 | write noscript blocking           | 1 | -2 | 1 | write list slow blocking",
        "brpop      | -3 | write noscript blocking           | 1 | -2 | 1 | write list slow blocking",
        "brpoplpush |  4 | write denyoom noscript blocking   | 1 |  2 | 1 | write list slow blocking",
        "blmove     |  6 | write denyoom noscript blocking   | 1 |  2 | 1 | write list slow blocking",
        "blmpop     | -5 | write blocking movablekeys        | 0 |  0 | 0 | write list slow blocking",
      })
  void matchesRedis(
      String name, int arity, String flags, int first, int last, int step, String acl) {
    CommandSpec spec = server.engine().commands().lookup(name);
    assertThat(spec).isNotNull();
    assertThat(spec.arity()).isEqualTo(arity);
    Set<CommandFlag> expected = EnumSet.noneOf(CommandFlag.class);
    for (String f : flags.trim().split("\\s+")) {
      expected.add(CommandFlag.byWireName(f));
    }
    assertThat(spec.flags()).isEqualTo(expected);
    assertThat(spec.firstKey()).isEqualTo(first);
    assertThat(spec.lastKey()).isEqualTo(last);
    assertThat(spec.keyStep()).isEqualTo(step);
    assertThat(spec.aclCategories())
        .containsExactlyElementsOf(Arrays.stream(acl.split(" ")).collect(Collectors.toList()));
    assertThat(spec.group()).isEqualTo("list");
  }
}
