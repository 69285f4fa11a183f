package io.banyan.node.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.persistence.aof.AofManifest.FileInfo;
import io.banyan.node.persistence.aof.AofManifest.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifest text as Redis 7.0 reads and writes it, and how rewrites change it. */
class AofManifestTest {
  private static final String REDIS =
      "file appendonly.aof.2.base.rdb seq 2 type b\n"
          + "file appendonly.aof.2.incr.aof seq 2 type i\n"
          + "file appendonly.aof.3.incr.aof seq 3 type i\n";

  @Test
  void parsesAndFormatsWhatRedisWrites() {
    AofManifest m = AofManifest.parse(REDIS, "m");
    assertThat(m.base()).isEqualTo(new FileInfo("appendonly.aof.2.base.rdb", 2, Type.BASE));
    assertThat(m.incrs()).extracting(FileInfo::seq).containsExactly(2L, 3L);
    assertThat(m.lastIncr().name()).isEqualTo("appendonly.aof.3.incr.aof");
    assertThat(m.format()).isEqualTo(REDIS);
  }

  @Test
  void acceptsCommentsBlankLinesKeysInAnyOrderAndQuotedNames() {
    AofManifest m =
        AofManifest.parse(
            "# comment\n\ntype b seq 1 file \"my file\\x41.rdb\"\r\nfile 'x.incr' type i seq 4\n",
            "m");
    assertThat(m.base().name()).isEqualTo("my fileA.rdb");
    assertThat(m.incrs()).containsExactly(new FileInfo("x.incr", 4, Type.INCR));
    assertThat(m.format()).startsWith("file \"my fileA.rdb\" seq 1 type b\n");
    assertThat(AofManifest.parse(m.format(), "again").base().name()).isEqualTo("my fileA.rdb");
  }

  @Test
  void refusesMalformedManifestsNamingTheLine() {
    assertThatThrownBy(() -> AofManifest.parse("file a seq 1\n", "m"))
        .isInstanceOf(AofFormatException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("type");
    assertThatThrownBy(() -> AofManifest.parse("file a seq 1 type b\nfile b seq 2 type b\n", "m"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("second base");
    assertThatThrownBy(() -> AofManifest.parse("file a seq 3 type i\nfile b seq 2 type i\n", "m"))
        .hasMessageContaining("must increase");
    assertThatThrownBy(() -> AofManifest.parse("file \"a seq 1 type b\n", "m"))
        .hasMessageContaining("key/value");
    assertThatThrownBy(() -> AofManifest.parse("file ../x seq 1 type b\n", "m"))
        .hasMessageContaining("file name");
    assertThatThrownBy(() -> AofManifest.parse("# nothing\n", "m"))
        .hasMessageContaining("lists no file");
    assertThatThrownBy(() -> AofManifest.parse("file a seq -1 type b\n", "m"))
        .hasMessageContaining("sequence");
  }

  @Test
  void aRewriteKeepsTheIncrementalFilesFromItsSwitchOnAndListsTheRestAsHistory() {
    AofManifest m = AofManifest.parse(REDIS, "m");
    FileInfo base = AofManifest.baseFile("appendonly.aof", 3, true);
    AofManifest after = m.afterRewrite(base, 3);
    assertThat(after.format())
        .isEqualTo(
            "file appendonly.aof.3.base.rdb seq 3 type b\n"
                + "file appendonly.aof.2.base.rdb seq 2 type h\n"
                + "file appendonly.aof.2.incr.aof seq 2 type h\n"
                + "file appendonly.aof.3.incr.aof seq 3 type i\n");
    assertThat(after.withoutHistory().format())
        .isEqualTo(
            "file appendonly.aof.3.base.rdb seq 3 type b\n"
                + "file appendonly.aof.3.incr.aof seq 3 type i\n");
    // AOF off: every incremental file is history.
    assertThat(m.afterRewrite(base, Long.MAX_VALUE).withoutHistory().incrs()).isEmpty();
  }

  @Test
  void fileNamesFollowRedis() {
    assertThat(AofManifest.baseFile("appendonly.aof", 1, true).name())
        .isEqualTo("appendonly.aof.1.base.rdb");
    assertThat(AofManifest.baseFile("x.aof", 7, false).name()).isEqualTo("x.aof.7.base.aof");
    assertThat(AofManifest.incrFile("appendonly.aof", 12).name())
        .isEqualTo("appendonly.aof.12.incr.aof");
    assertThat(AofManifest.manifestName("appendonly.aof")).isEqualTo("appendonly.aof.manifest");
    assertThat(AofManifest.legacy("appendonly.aof").format())
        .isEqualTo("file appendonly.aof seq 1 type b\n");
    assertThat(AofManifest.of(null, List.of(), List.of()).isEmpty()).isTrue();
  }
}
