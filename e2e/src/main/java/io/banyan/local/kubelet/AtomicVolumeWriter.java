package io.banyan.local.kubelet;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Writes a ConfigMap or Secret volume the way the kubelet's atomic writer does, so a process
 * reading it sees what a container sees on Kubernetes: the files live in a timestamped directory
 * {@code ..<time>}, a symlink {@code ..data} points at the current one, and each top-level key is a
 * symlink {@code <key> -> ..data/<key>}. An update writes a new timestamped directory and swaps
 * {@code ..data} with one rename, so a reader sees either the whole old or the whole new set of
 * files (a certificate and its key always match), and a file watcher sees the symlink change, as
 * cert-manager rotations look to a pod. Unlike the kubelet, replaced payload directories are kept
 * (they are small), so a subPath mount keeps reading the files it started with, as a bind mount
 * would.
 */
final class AtomicVolumeWriter {
  static final String DATA = "..data";
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private AtomicVolumeWriter() {}

  /**
   * Makes {@code dir} hold exactly {@code files} (relative path → content), with {@code mode}
   * (octal, e.g. 0440; null: the default 0644) on each file.
   *
   * @return false when it already did (nothing written)
   */
  static boolean write(Path dir, Map<String, byte[]> files, Integer mode) throws IOException {
    Files.createDirectories(dir);
    Path data = dir.resolve(DATA);
    if (Files.exists(data) && same(data, files)) {
      return false;
    }
    String payloadName = ".." + System.currentTimeMillis() + "." + SEQUENCE.incrementAndGet();
    Path payload = dir.resolve(payloadName);
    Files.createDirectory(payload);
    for (var e : new TreeMap<>(files).entrySet()) {
      Path file = payload.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue());
      Files.setPosixFilePermissions(file, permissions(mode == null ? 0644 : mode));
    }
    Path next = dir.resolve("..data_tmp");
    Files.deleteIfExists(next);
    Files.createSymbolicLink(next, Path.of(payloadName));
    Files.move(next, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Set<String> top = new HashSet<>();
    for (String key : files.keySet()) {
      top.add(Path.of(key).getName(0).toString());
    }
    for (String name : top) {
      Path link = dir.resolve(name);
      if (Files.isSymbolicLink(link)) {
        continue;
      }
      Files.deleteIfExists(link); // a plain file of an older layout
      Files.createSymbolicLink(link, Path.of(DATA, name));
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith("..") && !top.contains(name) && Files.isSymbolicLink(entry)) {
          Files.delete(entry); // a key removed from the object
        }
      }
    }
    return true;
  }

  private static boolean same(Path data, Map<String, byte[]> files) throws IOException {
    Path current = data.toRealPath();
    Map<String, byte[]> existing = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(current)) {
      for (Path p : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        existing.put(current.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    if (!existing.keySet().equals(new TreeMap<>(files).keySet())) {
      return false;
    }
    for (var e : files.entrySet()) {
      if (!Arrays.equals(existing.get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }
}
