package io.banyan.node.persistence;

import io.banyan.node.io.DurableFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A snapshot written to a file with {@link DurableFiles}: bytes go to a temporary file beside the
 * target, which replaces the target only on commit, so a crash leaves either the old file or the
 * complete new one — never a torn one. Two sinks for the same target (a SAVE while a BGSAVE is
 * still writing) use different temporary files.
 */
public final class FileSink implements ByteSink {
  private final DurableFiles.Replacement replacement;

  public FileSink(Path target) throws IOException {
    this.replacement = DurableFiles.begin(target);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    replacement.write(bytes, offset, length);
  }

  @Override
  public void commit() throws IOException {
    replacement.commit();
  }

  @Override
  public void abandon() {
    replacement.abandon();
  }
}
