package io.banyan.node.persistence.aof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A fingerprint of the AOF as it is on disk: the manifest's bytes and, for each file it loads, the
 * name, size, modification time and the first and last {@value #EDGE} bytes. Two fingerprints are
 * equal only when nothing was appended, truncated, rewritten or swapped in between — cheap enough
 * for a shutdown (it does not read whole files of many GB), yet any change a process makes to a
 * file moves its size or modification time, and a copy of another dataset differs in its edges.
 */
final class AofStateDigest {
  static final int EDGE = 64 * 1024;

  private AofStateDigest() {}

  /**
   * The hex digest of the AOF in {@code dir} named by {@code appendFilename}'s manifest.
   *
   * @throws IOException when the manifest or a file it names cannot be read
   * @throws AofFormatException when the manifest is malformed
   */
  static String compute(Path dir, String appendFilename) throws IOException {
    MessageDigest sha = sha256();
    String manifestName = AofManifest.manifestName(appendFilename);
    byte[] manifestBytes = Files.readAllBytes(dir.resolve(manifestName));
    sha.update(manifestBytes);
    AofManifest manifest =
        AofManifest.parse(new String(manifestBytes, StandardCharsets.UTF_8), manifestName);
    if (manifest.isEmpty()) {
      throw new IOException("the manifest lists no file");
    }
    for (AofManifest.FileInfo f : manifest.loadOrder()) {
      Path file = dir.resolve(f.name());
      BasicFileAttributes attrs =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      sha.update(
          (f.name() + " " + attrs.size() + " " + attrs.lastModifiedTime().toInstant() + "\n")
              .getBytes(StandardCharsets.UTF_8));
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        long size = ch.size();
        digestRange(ch, 0, Math.min(EDGE, size), sha);
        digestRange(ch, Math.max(0, size - EDGE), size, sha);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void digestRange(FileChannel ch, long from, long to, MessageDigest sha)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) (to - from));
    long pos = from;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("the file shrank while being read");
      }
      pos += n;
    }
    sha.update(buf.flip());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
