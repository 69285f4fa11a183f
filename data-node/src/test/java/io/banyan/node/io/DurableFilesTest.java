package io.banyan.node.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target holds the old content or the complete new one, never part of it, and no temporary file
 * outlives a replacement, whether it succeeds or fails. Whether the directory fsync reaches the
 * disk cannot be observed from a test; that it is harmless on any directory can.
 */
class DurableFilesTest {
  @TempDir Path dir;

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The target holds {@code content}, and no other file (no temporary one) is beside it. */
  private void assertOnlyFileHolds(Path target, String content) throws IOException {
    assertThat(Files.readString(target)).isEqualTo(content);
    assertThat(names()).containsExactly(target.getFileName().toString());
  }

  @Test
  void createsAMissingFileThenReplacesItWhollyLeavingNoTemporaryFile() throws IOException {
    Path target = dir.resolve("manifest");

    DurableFiles.replace(target, ascii("a longer first content that must not survive in part\n"));
    assertThat(names()).containsExactly("manifest");
    DurableFiles.replace(target, ascii("new\n"));

    assertOnlyFileHolds(target, "new\n");
  }

  /** {@code dump.rdb} holds "old"; a replacement has written {@code content} and not committed. */
  private DurableFiles.Replacement replacingOldDump(String content) throws IOException {
    Path target = dir.resolve("dump.rdb");
    Files.writeString(target, "old");
    DurableFiles.Replacement r = DurableFiles.begin(target);
    r.write(ascii(content), 0, content.length());
    return r;
  }

  @Test
  void theTargetKeepsItsOldContentUntilCommit() throws IOException {
    Path target = dir.resolve("dump.rdb");
    DurableFiles.Replacement r = replacingOldDump("new content");

    assertThat(Files.readString(target)).isEqualTo("old");
    assertThat(r.temp().getParent()).isEqualTo(target.getParent());
    assertThat(Files.readString(r.temp())).isEqualTo("new content");

    r.commit();
    assertOnlyFileHolds(target, "new content");
  }

  @Test
  void aWriterThatFailsHalfWayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("dump.rdb");
    DurableFiles.Replacement r = replacingOldDump("half of the new");

    r.abandon(); // what a snapshot writer does when its source fails

    assertOnlyFileHolds(target, "old");
  }

  @Test
  void aFailedRenameRemovesTheTemporaryFileAndNamesTheTarget() throws IOException {
    // A non-empty directory cannot be replaced by a file: the rename itself fails.
    Path target = dir.resolve("redis.conf");
    Files.createDirectory(target);
    Files.writeString(target.resolve("inside"), "kept");

    assertThatThrownBy(() -> DurableFiles.replace(target, ascii("port 6379\n")))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining(target.toString());

    assertThat(names()).containsExactly("redis.conf");
    assertThat(Files.readString(target.resolve("inside"))).isEqualTo("kept");
  }

  @Test
  void aMissingDirectoryIsAnErrorNamingTheFile() {
    Path target = dir.resolve("no-such-dir").resolve("banyan-epoch");

    assertThatThrownBy(() -> DurableFiles.replace(target, ascii("1\n")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("banyan-epoch");
    assertThat(Files.exists(dir.resolve("no-such-dir"))).isFalse();
  }

  @Test
  void aFailureWithoutAFileInItIsReportedWithTheTargetAndTheOriginalReason() throws IOException {
    Path target = dir.resolve("appendonly.aof.manifest");
    DurableFiles.Replacement r = DurableFiles.begin(target);
    r.abandon();

    // The channel is closed: the JDK's ClosedChannelException names no file.
    assertThatThrownBy(() -> r.write(ascii("x"), 0, 1))
        .isInstanceOfSatisfying(
            FileSystemException.class,
            e -> {
              assertThat(e.getFile()).isEqualTo(target.toString());
              assertThat(e.getCause()).isInstanceOf(java.nio.channels.ClosedChannelException.class);
            });
    assertThat(names()).isEmpty();
  }

  @Test
  void twoReplacementsInFlightUseDifferentTemporaryFilesAndTheLastCommitWins() throws IOException {
    Path target = dir.resolve("dump.rdb");
    DurableFiles.Replacement first = DurableFiles.begin(target);
    DurableFiles.Replacement second = DurableFiles.begin(target);
    assertThat(first.temp()).isNotEqualTo(second.temp());
    first.write(ascii("first"), 0, 5);
    second.write(ascii("second"), 0, 6);

    second.commit();
    assertThat(Files.readString(target)).isEqualTo("second");
    first.commit();
    assertOnlyFileHolds(target, "first");
  }

  @Test
  void creationAttributesReachTheTarget() throws IOException {
    Path target = dir.resolve("redis.conf");
    Files.writeString(target, "old");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxrwxrwx"));

    DurableFiles.replace(
        target,
        ascii("port 6379\n"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));

    // The umask may narrow them further, never widen them.
    assertThat(Files.getPosixFilePermissions(target))
        .contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)
        .isSubsetOf(PosixFilePermissions.fromString("rw-r--r--"));
  }

  @Test
  void syncingADirectoryThatCannotBeOpenedIsHarmless() {
    assertThatCode(() -> DurableFiles.fsyncDirectory(dir)).doesNotThrowAnyException();
    assertThatCode(() -> DurableFiles.fsyncDirectory(dir.resolve("missing")))
        .doesNotThrowAnyException();
  }
}
