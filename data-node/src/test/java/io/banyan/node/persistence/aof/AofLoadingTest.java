package io.banyan.node.persistence.aof;

import static io.banyan.node.persistence.aof.AofFixtures.INCR;
import static io.banyan.node.persistence.aof.AofFixtures.command;
import static io.banyan.node.persistence.aof.AofFixtures.concat;
import static io.banyan.node.persistence.aof.AofFixtures.writeAof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.persistence.PersistenceException;
import io.banyan.node.testing.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Loading at start-up: base then incremental files, torn tails (with and without
 * aof-load-truncated), incomplete transactions, and files that are damaged rather than cut short.
 */
class AofLoadingTest {
  @TempDir Path tmp;

  private static final byte[] BASE_FILE =
      concat(command("SELECT", "0"), command("SET", "base", "1"));
  private static final byte[] HEAD =
      concat(command("SELECT", "0"), command("SET", "a", "1"), command("SELECT", "3"));
  private static final byte[] LAST = command("SET", "b", "two");

  private Path dir(String name) throws Exception {
    Path d = tmp.resolve(name);
    Files.createDirectories(d);
    return d;
  }

  @Test
  void loadsBaseThenIncrementalFilesAndContinuesTheLastOne() throws Exception {
    Path dir = dir("plain");
    Path aofDir = writeAof(dir, BASE_FILE, concat(HEAD, LAST));
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      Jedis j = node.jedis();
      assertThat(j.get("base")).isEqualTo("1");
      assertThat(j.get("a")).isEqualTo("1");
      j.select(3);
      assertThat(j.get("b")).isEqualTo("two");
      j.set("c", "3");
      assertThat(node.log())
          .contains("DB loaded from base file appendonly.aof.1.base.aof:")
          .contains("DB loaded from incr file appendonly.aof.1.incr.aof:")
          .contains("DB loaded from append only file:")
          .contains("Opening AOF incr file appendonly.aof.1.incr.aof on server start");
    }
    // The new write went to the end of the same incremental file, after a SELECT.
    byte[] incr = Files.readAllBytes(aofDir.resolve(INCR));
    assertThat(new String(incr, StandardCharsets.UTF_8))
        .endsWith(new String(concat(command("SELECT", "3"), command("SET", "c", "3"))));
  }

  @Test
  void tornLastCommandIsCutAtEveryOffsetWhenTruncatedLoadsAreAllowed() throws Exception {
    int start = HEAD.length;
    for (int cut = start + 1; cut < start + LAST.length; cut++) {
      Path dir = dir("torn-yes-" + cut);
      byte[] full = concat(HEAD, LAST);
      Path aofDir = writeAof(dir, BASE_FILE, Arrays.copyOf(full, cut));
      try (InProcessNode node = InProcessNode.start(dir, c -> c.aofLoadTruncated = true)) {
        Jedis j = node.jedis();
        assertThat(j.get("a")).as("cut at %d", cut).isEqualTo("1");
        j.select(3);
        assertThat(j.exists("b")).as("cut at %d", cut).isFalse();
        assertThat(node.log())
            .as("cut at %d", cut)
            .contains("Truncating the AOF " + INCR + " at offset " + start + " !!!")
            .contains("AOF " + INCR + " loaded anyway because aof-load-truncated is enabled");
      }
      assertThat(Files.size(aofDir.resolve(INCR))).as("cut at %d", cut).isEqualTo(start);
    }
  }

  @Test
  void writesAfterATruncatedLoadFollowTheCut() throws Exception {
    Path dir = dir("torn-then-write");
    writeAof(dir, BASE_FILE, Arrays.copyOf(concat(HEAD, LAST), HEAD.length + 7));
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      node.jedis().set("after", "cut");
    }
    try (InProcessNode node = InProcessNode.start(dir, c -> c.aofLoadTruncated = false)) {
      Jedis j = node.jedis();
      assertThat(j.get("after")).isEqualTo("cut");
      assertThat(j.get("a")).isEqualTo("1");
      assertThat(node.log()).doesNotContain("Truncating");
    }
  }

  @Test
  void tornLastCommandRefusesToStartAtEveryOffsetWithoutTruncatedLoads() throws Exception {
    int start = HEAD.length;
    for (int cut = start + 1; cut < start + LAST.length; cut++) {
      Path dir = dir("torn-no-" + cut);
      Path aofDir = writeAof(dir, BASE_FILE, Arrays.copyOf(concat(HEAD, LAST), cut));
      assertThatThrownBy(() -> InProcessNode.start(dir, c -> c.aofLoadTruncated = false))
          .as("cut at %d", cut)
          .isInstanceOf(PersistenceException.class)
          .hasMessageContaining("Unexpected end of the append only file " + INCR)
          .hasMessageContaining("offset " + start)
          .hasMessageContaining("aof-load-truncated yes");
      assertThat(Files.size(aofDir.resolve(INCR))).as("left as it was").isEqualTo(cut);
    }
  }

  @Test
  void incompleteTransactionIsRevertedAsATornTail() throws Exception {
    Path dir = dir("multi");
    byte[] tx = concat(command("MULTI"), command("SET", "x", "1"), command("SET", "y", "2"));
    Path aofDir = writeAof(dir, BASE_FILE, concat(HEAD, tx));
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      Jedis j = node.jedis();
      j.select(3);
      assertThat(j.exists("x", "y")).isZero();
      assertThat(node.log())
          .contains("Revert incomplete MULTI/EXEC transaction in AOF file " + INCR)
          .contains("at offset " + HEAD.length);
    }
    assertThat(Files.size(aofDir.resolve(INCR))).isEqualTo(HEAD.length);
  }

  @Test
  void completeTransactionRunsAtomically() throws Exception {
    Path dir = dir("multi-exec");
    byte[] tx =
        concat(command("MULTI"), command("SET", "x", "1"), command("INCR", "x"), command("EXEC"));
    writeAof(dir, BASE_FILE, concat(HEAD, tx));
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      Jedis j = node.jedis();
      j.select(3);
      assertThat(j.get("x")).isEqualTo("2");
    }
  }

  @Test
  void corruptedMiddleRefusesToStartEvenWithTruncatedLoads() throws Exception {
    Path dir = dir("corrupt");
    byte[] incr = concat(HEAD, LAST, command("SET", "z", "9"));
    int at = HEAD.length + 1; // the '3' of "*3" becomes 'x'
    incr[at] = 'x';
    writeAof(dir, BASE_FILE, incr);
    assertThatThrownBy(() -> InProcessNode.start(dir, c -> c.aofLoadTruncated = true))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("Bad file format reading the append only file " + INCR)
        .hasMessageContaining("offset " + at);
  }

  @Test
  void garbageWhereACommandShouldStartIsCorruption() throws Exception {
    Path dir = dir("garbage");
    writeAof(dir, BASE_FILE, concat(HEAD, "garbage\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThatThrownBy(() -> InProcessNode.start(dir, c -> {}))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining(INCR)
        .hasMessageContaining("offset " + HEAD.length)
        .hasMessageContaining("expected '*'");
  }

  @Test
  void unknownCommandStopsStartUp() throws Exception {
    Path dir = dir("unknown");
    writeAof(dir, BASE_FILE, concat(HEAD, command("NOSUCHCMD", "x")));
    assertThatThrownBy(() -> InProcessNode.start(dir, c -> {}))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("Unknown command 'NOSUCHCMD' reading the append only file " + INCR);
  }

  @Test
  void truncatedFileThatIsNotTheLastIsFatal() throws Exception {
    Path dir = dir("torn-base");
    writeAof(dir, Arrays.copyOf(BASE_FILE, BASE_FILE.length - 3), concat(HEAD, LAST));
    assertThatThrownBy(() -> InProcessNode.start(dir, c -> c.aofLoadTruncated = true))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("appendonly.aof.1.base.aof")
        .hasMessageContaining("only the last file of the AOF may be incomplete");
  }

  @Test
  void damagedManifestOrMissingFileStopsStartUp() throws Exception {
    Path dir = dir("manifest");
    Path aofDir = writeAof(dir, BASE_FILE, HEAD);
    Files.writeString(aofDir.resolve(AofFixtures.MANIFEST), "file x seq one type b\n");
    assertThatThrownBy(() -> InProcessNode.start(dir, c -> {}))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("Invalid AOF manifest")
        .hasMessageContaining("line 1");
    Files.writeString(
        aofDir.resolve(AofFixtures.MANIFEST),
        "file appendonly.aof.1.base.aof seq 1 type b\nfile gone.incr.aof seq 1 type i\n");
    assertThatThrownBy(() -> InProcessNode.start(dir, c -> {}))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining("gone.incr.aof");
  }

  @Test
  void expiredKeysDoNotExpireWhileLoading() throws Exception {
    // Written while the key was alive: the APPEND saw it and must still see it on replay; the key
    // expires once loading is over.
    Path dir = dir("expiry");
    long past = System.currentTimeMillis() - 60_000;
    writeAof(
        dir,
        BASE_FILE,
        concat(
            command("SELECT", "0"),
            command("SET", "k", "v", "PXAT", Long.toString(past)),
            command("APPEND", "k", "w"),
            command("HSET", "h", "f", "1"),
            command("PEXPIREAT", "h", Long.toString(past)),
            command("HSET", "h", "g", "2")));
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      Jedis j = node.jedis();
      assertThat(j.exists("k")).isFalse();
      assertThat(j.exists("h")).isFalse();
      assertThat(j.get("base")).isEqualTo("1");
    }
  }

  @Test
  void timestampAnnotationsAreSkipped() throws Exception {
    Path dir = dir("annotations");
    writeAof(
        dir,
        BASE_FILE,
        concat(
            "#TS:1700000000\r\n".getBytes(StandardCharsets.US_ASCII),
            command("SELECT", "0"),
            command("SET", "t", "1")));
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      assertThat(node.jedis().get("t")).isEqualTo("1");
    }
  }

  @Test
  void theProcessExitsWithTheMessageWhenTheAofIsTorn() throws Exception {
    Path dir = dir("process");
    writeAof(dir, BASE_FILE, Arrays.copyOf(concat(HEAD, LAST), HEAD.length + 5));
    try (NodeProcess node =
        NodeProcess.startExpectingExit(dir, "--appendonly", "yes", "--aof-load-truncated", "no")) {
      assertThat(node.exitCode()).isEqualTo(1);
      assertThat(node.output())
          .contains("Unexpected end of the append only file " + INCR)
          .contains("offset " + HEAD.length);
    }
  }
}
