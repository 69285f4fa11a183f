package io.banyan.node.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A digest of the certificate files' contents (a directory: of its files' names and contents), read
 * through symbolic links. Contents rather than modification times: a Kubernetes Secret volume is
 * updated by re-pointing its {@code ..data} link at a new folder, which leaves the timestamps of
 * the links the node was given unchanged, and a file copied over in the same second keeps its
 * mtime.
 */
final class Fingerprint {
  private Fingerprint() {}

  static String of(List<Path> sources) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Path p : sources) {
      add(digest, p.toString());
      if (Files.isDirectory(p)) {
        try (Stream<Path> files = Files.list(p)) {
          for (Path f : files.sorted().toList()) {
            if (Files.isRegularFile(f)) {
              add(digest, f.getFileName().toString());
              addContent(digest, f);
            }
          }
        } catch (IOException e) {
          add(digest, "unreadable");
        }
      } else {
        addContent(digest, p);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void addContent(MessageDigest digest, Path file) {
    try {
      digest.update(Files.readAllBytes(file));
    } catch (IOException e) {
      add(digest, "unreadable");
    }
  }

  private static void add(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }
}
