package io.banyan.node.fencing;

import io.banyan.node.io.DurableFiles;
import io.banyan.node.persistence.PersistenceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The failover epoch on disk, {@code <dir>/banyan-epoch}: one decimal number and a newline. The
 * operator's status is not the only copy of the epoch, so a cluster whose status was lost (an
 * orphan delete and re-apply, a restore without status) cannot hand a node an older epoch than one
 * it already acted on (design invariant I3). Written whenever the epoch rises with {@link
 * DurableFiles#replace}, so a crash leaves the old or the new epoch, never a torn one. Read once at
 * start-up; a file that is not such a number stops the start with an error naming it: guessing an
 * epoch could let a stale decision through.
 */
final class EpochFile {
  static final String NAME = "banyan-epoch";

  private final Supplier<String> dir;

  /**
   * @param dir the node's working directory (the {@code dir} option), read at each use
   */
  EpochFile(Supplier<String> dir) {
    this.dir = dir;
  }

  Path path() {
    return Path.of(dir.get()).toAbsolutePath().resolve(NAME);
  }

  /**
   * The epoch recorded, or 0 when there is no file yet.
   *
   * @throws PersistenceException when the file cannot be read or does not hold an epoch
   */
  long load() {
    Path file = path();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new PersistenceException("cannot read the epoch file " + file + ": " + e, e);
    }
    String number = text.strip();
    long epoch;
    try {
      epoch = Long.parseLong(number);
    } catch (NumberFormatException e) {
      epoch = -1;
    }
    if (epoch < 0 || !number.matches("[0-9]+")) {
      throw new PersistenceException(
          "the epoch file "
              + file
              + " is corrupt (it must hold one non-negative integer, it holds '"
              + (number.length() > 40 ? number.substring(0, 40) + "..." : number)
              + "'); restore it or remove it together with the data it belongs to");
    }
    return epoch;
  }

  /**
   * Records {@code epoch} durably; throws {@link IOException} and leaves the old file on failure.
   */
  void store(long epoch) throws IOException {
    DurableFiles.replace(path(), (epoch + "\n").getBytes(StandardCharsets.US_ASCII));
  }
}
