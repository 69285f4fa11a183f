package io.banyan.node.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.log.ServerLog;
import io.banyan.node.persistence.rdb.RdbAux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The clean-shutdown record is used once, only for the AOF state it was written for, and anything
 * odd in it (a damaged, foreign or hostile file) means "no position", never a failed start.
 */
class ReplicationResumeFileTest {
  private static final String ID = "0123456789abcdef0123456789abcdef01234567";
  private static final String DIGEST =
      "abababababababababababababababababababababababababababababababab";

  @TempDir Path dir;
  private final ServerLog log = new ServerLog();
  private Path logFile;

  @BeforeEach
  void logToFile() throws IOException {
    logFile = dir.resolve("node.log");
    log.setFile(logFile.toString());
  }

  private Path record() {
    return dir.resolve(ReplicationResumeFile.NAME);
  }

  @Test
  void matchingRecordGivesItsPositionOnce() throws IOException {
    ReplicationResumeFile.write(dir, new RdbAux.Replication(3, ID, 12345), DIGEST);

    assertThat(ReplicationResumeFile.take(dir, () -> DIGEST, 16, log))
        .isEqualTo(new RdbAux.Replication(3, ID, 12345));
    assertThat(record()).doesNotExist();
    assertThat(ReplicationResumeFile.take(dir, () -> DIGEST, 16, log)).isNull();
  }

  @Test
  void recordOfAnotherAofStateIsIgnoredAndDeleted() throws IOException {
    ReplicationResumeFile.write(dir, new RdbAux.Replication(0, ID, 7), DIGEST);

    assertThat(ReplicationResumeFile.take(dir, () -> "cd".repeat(32), 16, log)).isNull();
    assertThat(record()).doesNotExist();
    assertThat(Files.readString(logFile)).contains("the AOF is not the one it was written for");
  }

  @Test
  void unreadableAofMeansNoPosition() throws IOException {
    ReplicationResumeFile.write(dir, new RdbAux.Replication(0, ID, 7), DIGEST);

    assertThat(
            ReplicationResumeFile.take(
                dir,
                () -> {
                  throw new IOException("appendonly.aof.1.incr.aof: No such file");
                },
                16,
                log))
        .isNull();
    assertThat(Files.readString(logFile)).contains("No such file");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "version 2\nrepl-id " + ID + "\nrepl-offset 1\nrepl-stream-db 0\naof-digest " + DIGEST,
        "version 1\nrepl-id XYZ\nrepl-offset 1\nrepl-stream-db 0\naof-digest " + DIGEST,
        "version 1\nrepl-id " + ID + "\nrepl-offset -1\nrepl-stream-db 0\naof-digest " + DIGEST,
        "version 1\nrepl-id " + ID + "\nrepl-offset 99999999999999999999\naof-digest " + DIGEST,
        "version 1\nrepl-id " + ID + "\nrepl-offset 1\nrepl-stream-db 16\naof-digest " + DIGEST,
        "version 1\nrepl-id " + ID + "\nrepl-offset 1\nrepl-offset 2\nrepl-stream-db 0",
        "version 1\nrepl-id " + ID + "\nrepl-offset 1\nrepl-stream-db 0\naof-digest short",
        "version 1\nrepl-id " + ID + "\nrepl-offset 1\nrepl-stream-db 0",
        "\u0000\u0001binary garbage",
        ""
      })
  void malformedRecordMeansNoPosition(String content) throws IOException {
    Files.writeString(record(), content);

    assertThat(ReplicationResumeFile.take(dir, () -> DIGEST, 16, log)).isNull();
    assertThat(record()).doesNotExist();
    assertThat(Files.readString(logFile)).contains("Ignoring");
  }

  @Test
  void oversizedRecordIsNotReadIntoMemory() throws IOException {
    Files.write(record(), new byte[10 * 1024 * 1024]);

    assertThat(ReplicationResumeFile.take(dir, () -> DIGEST, 16, log)).isNull();
    assertThat(record()).doesNotExist();
    assertThat(Files.readString(logFile)).contains("larger than");
  }

  @Test
  void missingRecordIsSilent() throws IOException {
    assertThat(ReplicationResumeFile.take(dir, () -> DIGEST, 16, log)).isNull();
    assertThat(Files.exists(logFile) ? Files.readString(logFile) : "").doesNotContain("Ignoring");
  }

  @Test
  void recordThatCannotBeDeletedIsNotUsed() throws IOException {
    // A directory where the file should be: it cannot be deleted as a file, so it could be seen
    // again after a crash; it must not be used at all.
    Files.createDirectories(record().resolve("child"));

    assertThat(ReplicationResumeFile.take(dir, () -> DIGEST, 16, log)).isNull();
    assertThat(Files.readString(logFile)).contains("Ignoring").contains("Can't delete");
  }
}
