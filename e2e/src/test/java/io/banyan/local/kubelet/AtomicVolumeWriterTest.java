package io.banyan.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet's volume layout: timestamped payload, ..data swapped by rename, keys as links. */
class AtomicVolumeWriterTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keysAreLinksThroughDataAndAnUpdateSwapsTheWholeSet() throws Exception {
    assertThat(
            AtomicVolumeWriter.write(
                dir, Map.of("tls.crt", b("cert-1"), "tls.key", b("key-1")), 0440))
        .isTrue();
    Path data = dir.resolve(AtomicVolumeWriter.DATA);
    assertThat(Files.isSymbolicLink(data)).isTrue();
    assertThat(Files.readSymbolicLink(dir.resolve("tls.crt"))).isEqualTo(Path.of("..data/tls.crt"));
    assertThat(Files.readString(dir.resolve("tls.key"))).isEqualTo("key-1");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls.key"))))
        .isEqualTo("r--r-----");
    Path first = data.toRealPath();

    // The same content: nothing is written, the link stays.
    assertThat(
            AtomicVolumeWriter.write(
                dir, Map.of("tls.crt", b("cert-1"), "tls.key", b("key-1")), 0440))
        .isFalse();
    assertThat(data.toRealPath()).isEqualTo(first);

    // A rotation: a new payload, both files change together; a key that left is removed.
    assertThat(AtomicVolumeWriter.write(dir, Map.of("tls.crt", b("cert-2")), 0440)).isTrue();
    assertThat(data.toRealPath()).isNotEqualTo(first);
    assertThat(Files.readString(dir.resolve("tls.crt"))).isEqualTo("cert-2");
    assertThat(Files.exists(dir.resolve("tls.key"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .isFalse();
    // The old payload stays readable (a subPath mount keeps what it started with).
    assertThat(Files.readString(first.resolve("tls.crt"))).isEqualTo("cert-1");
  }

  @Test
  void nestedItemPathsAndThePlainFilesOfAnOlderLayout() throws Exception {
    Files.writeString(dir.resolve("banyan.conf"), "old plain file");
    AtomicVolumeWriter.write(dir, Map.of("banyan.conf", b("port 6379\n"), "sub/x", b("x")), null);
    assertThat(Files.isSymbolicLink(dir.resolve("banyan.conf"))).isTrue();
    assertThat(Files.readString(dir.resolve("banyan.conf"))).isEqualTo("port 6379\n");
    assertThat(Files.readString(dir.resolve("sub/x"))).isEqualTo("x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sub/x"))))
        .isEqualTo("rw-r--r--");
  }
}
