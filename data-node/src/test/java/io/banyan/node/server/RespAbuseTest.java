package io.banyan.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.NodeProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Hostile and careless input against a real node in its own JVM (256 MiB heap): the node must keep
 * its memory bounded by what clients really send and keep answering other clients (invariant I6).
 * Memory is judged by the heap the node reports after a collection; no assertion is about time.
 */
class RespAbuseTest {
  @TempDir Path dir;

  private static long infoLong(Jedis j, String section, String field) {
    for (String line : j.info(section).split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim());
      }
    }
    throw new AssertionError("no " + field + " in INFO " + section);
  }

  /**
   * Each connection sends only a 10-byte header announcing 1,048,576 arguments. Were the argument
   * array allocated from the header, 600 of them would need about 2.4 GB (4 bytes a slot) in a 256
   * MiB heap; with the pre-allocation capped, they cost a few KB each.
   */
  @Test
  void hugeMultibulkHeadersDoNotExhaustTheHeap() throws Exception {
    try (NodeProcess node = NodeProcess.start(dir)) {
      Jedis probe = node.jedis();
      List<Socket> attackers = new ArrayList<>();
      try {
        for (int i = 0; i < 600; i++) {
          Socket s = new Socket("127.0.0.1", node.port());
          s.getOutputStream().write("*1048576\r\n".getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          attackers.add(s);
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> infoLong(probe, "clients", "connected_clients") >= 601);
        assertThat(probe.ping()).isEqualTo("PONG");
        // A second header-only round on the same connections: the arguments still pending.
        for (Socket s : attackers) {
          s.getOutputStream().write("$5\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
        }
        assertThat(probe.ping()).isEqualTo("PONG");
        assertThat(probe.set("k", "v")).isEqualTo("OK");
        assertThat(node.isAlive()).isTrue();
      } finally {
        for (Socket s : attackers) {
          s.close();
        }
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> infoLong(probe, "clients", "connected_clients") == 1);
      assertThat(probe.get("k")).isEqualTo("v");
    }
  }

  /**
   * A 100 MB value arrives in pieces while another client is served between the pieces; the value
   * is stored whole. (The node copies each piece once into the value's array, so its heap holds the
   * value about once, not a chain of ever larger copies.)
   */
  @Test
  void aBigValueArrivesWhileOthersAreServed() throws Exception {
    int size = 100 * 1024 * 1024;
    try (NodeProcess node = NodeProcess.start(dir, "--proto-max-bulk-len", "512mb")) {
      Jedis probe = node.jedis();
      try (Socket s = new Socket("127.0.0.1", node.port())) {
        OutputStream out = s.getOutputStream();
        out.write(
            ("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + size + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[1024 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        int pongs = 0;
        for (int sent = 0; sent < size; sent += chunk.length) {
          out.write(chunk, 0, Math.min(chunk.length, size - sent));
          if ((sent / chunk.length) % 10 == 0) {
            // Served in the middle of the value: the big request does not hold up the loop.
            assertThat(probe.ping()).isEqualTo("PONG");
            pongs++;
          }
        }
        assertThat(pongs).isGreaterThanOrEqualTo(10);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] reply = in.readNBytes(5);
        assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
      }
      assertThat(probe.strlen("big")).isEqualTo(size);
      assertThat(probe.getrange("big", size - 3, -1)).isEqualTo("xxx");
      assertThat(node.isAlive()).isTrue();
    }
  }

  /**
   * Sends {@code request} {@code times} times without reading, then reads until the node closes the
   * connection; returns the bytes read. Fails (read timeout) when the node keeps it open.
   */
  private static long floodWithoutReading(int port, byte[] request, int times) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      try {
        for (int i = 0; i < times; i++) {
          out.write(request);
        }
        out.flush();
      } catch (IOException closedMeanwhile) {
        // the node closed the connection while we were still sending: what we want
      }
      InputStream in = s.getInputStream();
      long read = 0;
      byte[] buf = new byte[64 * 1024];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          read += n;
        }
      } catch (java.net.SocketException reset) {
        // closed with unsent replies: a reset instead of an orderly end
      }
      return read;
    }
  }

  /**
   * AUTH and a 21-argument MSET in one packet: the MSET is decoded after AUTH has run, so the
   * unauthenticated caps (10 arguments) do not apply to it, as in Redis.
   */
  @Test
  void aRequestPipelinedAfterAuthIsJudgedAuthenticated() throws Exception {
    try (NodeProcess node = NodeProcess.start(dir)) {
      Jedis probe = node.jedis();
      probe.configSet("requirepass", "secret"); // this connection stays authenticated
      StringBuilder mset = new StringBuilder("*21\r\n$4\r\nMSET\r\n");
      for (int i = 0; i < 10; i++) {
        mset.append("$2\r\nk").append(i).append("\r\n$1\r\nv\r\n");
      }
      try (Socket s = new Socket("127.0.0.1", node.port())) {
        s.setSoTimeout(10_000);
        s.getOutputStream()
            .write(
                ("*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n" + mset)
                    .getBytes(StandardCharsets.US_ASCII));
        byte[] replies = s.getInputStream().readNBytes(10);
        assertThat(new String(replies, StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n+OK\r\n");
      }
      assertThat(probe.get("k9")).isEqualTo("v");
    }
  }

  /** Waits for the node's log line that says it closed a client over its output limit. */
  private static void awaitClosedForOutputLimit(NodeProcess node) {
    // The node's log arrives through a pipe: wait for the line rather than race it.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                node.output()
                    .contains(
                        "scheduled to be closed ASAP for overcoming of output buffer limits"));
  }

  /**
   * An unauthenticated client that pipelines commands and never reads its -NOAUTH replies is closed
   * once more than 1 KB of them wait in the node (Redis's cap); others are served.
   */
  @Test
  void anUnauthenticatedClientThatDoesNotReadIsClosed() throws Exception {
    try (NodeProcess node = NodeProcess.start(dir)) {
      Jedis probe = node.jedis();
      probe.configSet("requirepass", "secret"); // this connection stays authenticated
      byte[] get = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n".getBytes(StandardCharsets.US_ASCII);
      floodWithoutReading(node.port(), get, 2_000_000);
      assertThat(probe.ping()).isEqualTo("PONG");
      awaitClosedForOutputLimit(node);
    }
  }

  /**
   * client-output-buffer-limit normal: a client that asks for large replies and never reads them is
   * closed at the hard limit rather than growing the node's memory.
   */
  @Test
  void aNormalClientOverItsHardLimitIsClosed() throws Exception {
    try (NodeProcess node = NodeProcess.start(dir)) {
      Jedis probe = node.jedis();
      probe.configSet("client-output-buffer-limit", "normal 4mb 0 0");
      probe.set("big".getBytes(StandardCharsets.US_ASCII), new byte[256 * 1024]);
      byte[] get = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".getBytes(StandardCharsets.US_ASCII);
      // 20,000 replies of 256 KB would be 5 GB in a 256 MiB heap.
      long read = floodWithoutReading(node.port(), get, 20_000);
      assertThat(read).isLessThan(20_000L * 256 * 1024);
      assertThat(probe.ping()).isEqualTo("PONG");
      assertThat(probe.strlen("big")).isEqualTo(256 * 1024);
      awaitClosedForOutputLimit(node);
    }
  }

  /**
   * A value larger than the heap can hold (250 MB into 256 MiB, proto-max-bulk-len raised): the
   * node runs out of memory on the command thread and exits at once, so a supervisor restarts it,
   * instead of living on frozen or half broken (this node runs without the launcher's
   * -XX:+ExitOnOutOfMemoryError, so the node's own handling is what is tested).
   */
  @Test
  void runningOutOfMemoryExitsTheProcess() throws Exception {
    int size = 250 * 1024 * 1024;
    try (NodeProcess node = NodeProcess.start(dir, "--proto-max-bulk-len", "1gb")) {
      try (Socket s = new Socket("127.0.0.1", node.port())) {
        OutputStream out = s.getOutputStream();
        out.write(
            ("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + size + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[1024 * 1024];
        try {
          for (int sent = 0; sent < size && node.isAlive(); sent += chunk.length) {
            out.write(chunk);
          }
        } catch (IOException expected) {
          // the node went away under us
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> !node.isAlive());
      assertThat(node.exitCode()).isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> node.output().contains("Out of memory on the command thread: exiting"));
    }
  }
}
