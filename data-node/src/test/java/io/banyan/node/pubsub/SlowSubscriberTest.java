package io.banyan.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The pubsub output-buffer limit: a subscriber that stops reading is cut off, others are not. */
class SlowSubscriberTest extends ServerTestBase {
  private static final int HARD_LIMIT = 1 << 20;
  private static final int MESSAGES = 400;
  private static final int MESSAGE_SIZE = 64 * 1024;

  /** How far the publisher may run ahead of the reading subscriber: 4 × 64 KB, a quarter MB. */
  private static final int MAX_AHEAD = 4;

  @Override
  protected void configure(ServerConfig config) {
    config.outputLimitPubsub = new long[] {HARD_LIMIT, 0, 0};
  }

  @Test
  void subscriberThatStopsReadingIsDisconnectedWhileOthersKeepReceiving(@TempDir Path dir)
      throws Exception {
    Path logFile = dir.resolve("node.log");
    server.engine().log().setFile(logFile.toString());
    try (Socket slow = new Socket()) {
      // A tiny receive window so the server's queue for this client grows quickly.
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress("127.0.0.1", port()));
      slow.setSoTimeout(10_000);
      slow.getOutputStream()
          .write("*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream slowIn = slow.getInputStream();
      byte[] confirmation =
          slowIn.readNBytes("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n".length());
      assertThat(new String(confirmation, StandardCharsets.US_ASCII)).endsWith(":1\r\n");

      RespClient fast = resp();
      fast.call("SUBSCRIBE", "ch");
      AtomicInteger fastReceived = new AtomicInteger();
      CompletableFuture<Integer> received =
          CompletableFuture.supplyAsync(
              () -> {
                while (fastReceived.get() < MESSAGES) {
                  List<?> m = (List<?>) fast.read();
                  assertThat(((byte[]) m.get(2)).length).isEqualTo(MESSAGE_SIZE);
                  fastReceived.incrementAndGet();
                }
                return fastReceived.get();
              });

      Jedis pub = jedis();
      byte[] payload = new byte[MESSAGE_SIZE];
      List<Long> receivers = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        // Stay at most a few messages ahead of the reading subscriber, far below the limit, so
        // only the subscriber that stopped reading can reach it (a flood could briefly push the
        // reading one past 1 MB too).
        int published = i;
        await()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(1))
            .atMost(Duration.ofSeconds(30))
            .until(() -> received.isDone() || fastReceived.get() >= published - MAX_AHEAD);
        receivers.add(pub.publish("ch".getBytes(StandardCharsets.US_ASCII), payload));
      }

      assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(MESSAGES);
      assertThat(receivers.get(0)).isEqualTo(2L);
      assertThat(receivers.get(MESSAGES - 1)).isEqualTo(1L);
      assertThat(pub.pubsubNumSub("ch")).containsEntry("ch", 1L);
      assertThat(readsToEndOfStream(slowIn)).isTrue();
      assertThat(Files.readString(logFile))
          .contains("scheduled to be closed ASAP for overcoming of output buffer limits");
    } finally {
      server.engine().log().setFile("");
    }
  }

  /**
   * A subscriber that never reads while a publisher floods: it is closed at the hard limit, and
   * what the node holds for it (CLIENT LIST omem: its reply buffer plus Netty's queue for the
   * socket) never passes the limit by more than one message.
   */
  @Test
  void whatTheNodeHoldsForANonReadingSubscriberStaysUnderTheLimit() throws Exception {
    try (Socket slow = subscriberThatNeverReads("flood")) {
      Jedis pub = jedis();
      Jedis observer = jedis();
      byte[] payload = new byte[MESSAGE_SIZE];
      long maxHeld = 0;
      long maxReported = 0;
      int published = 0;
      while (pub.pubsubNumSub("flood").get("flood") > 0) {
        assertThat(published).as("messages before the disconnection").isLessThan(10_000);
        pub.publish("flood".getBytes(StandardCharsets.US_ASCII), payload);
        published++;
        maxHeld = Math.max(maxHeld, omemOf(observer, "slow"));
        maxReported = Math.max(maxReported, infoLong(observer, "client_recent_max_output_buffer"));
      }
      assertThat(maxHeld)
          .as("largest omem seen")
          .isPositive()
          .isLessThan(HARD_LIMIT + 2L * MESSAGE_SIZE);
      assertThat(maxReported).as("client_recent_max_output_buffer").isPositive();
      assertThat(readsToEndOfStream(slow.getInputStream())).isTrue();
      assertThat(observer.ping()).isEqualTo("PONG");
    }
  }

  /**
   * The soft limit: a subscriber that stays over it for longer than its seconds is closed, though
   * it never reaches the hard limit (there is none here).
   */
  @Test
  void aSubscriberOverTheSoftLimitForItsSecondsIsClosed() throws Exception {
    Jedis admin = jedis();
    admin.configSet("client-output-buffer-limit", "pubsub 0 256kb 1");
    try (Socket slow = subscriberThatNeverReads("soft")) {
      Jedis pub = jedis();
      byte[] payload = new byte[16 * 1024];
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                pub.publish("soft".getBytes(StandardCharsets.US_ASCII), payload);
                return pub.pubsubNumSub("soft").get("soft") == 0;
              });
      assertThat(readsToEndOfStream(slow.getInputStream())).isTrue();
    } finally {
      admin.configSet("client-output-buffer-limit", "pubsub " + HARD_LIMIT + " 0 0");
    }
  }

  /**
   * A subscriber's own replies count too: a RESP2 subscriber that pipelines PINGs and never reads
   * the answers is closed at the pubsub limit instead of growing the node's buffers.
   */
  @Test
  void aSubscriberFloodingPingsWithoutReadingIsClosed() throws Exception {
    try (Socket slow = subscriberThatNeverReads("pings")) {
      byte[] ping = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
      byte[] batch = new byte[ping.length * 10_000];
      for (int i = 0; i < 10_000; i++) {
        System.arraycopy(ping, 0, batch, i * ping.length, ping.length);
      }
      try {
        // 5 million PINGs: 120 MB of replies, over a hundred times the limit.
        for (int i = 0; i < 500; i++) {
          slow.getOutputStream().write(batch);
        }
      } catch (IOException closedMeanwhile) {
        // the node closed the connection while we were still sending: what we want
      }
      assertThat(readsToEndOfStream(slow.getInputStream())).isTrue();
      assertThat(jedis().pubsubNumSub("pings")).containsEntry("pings", 0L);
    }
  }

  /** A connection named "slow", subscribed to the channel, with a tiny window, that never reads. */
  private Socket subscriberThatNeverReads(String channel) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new InetSocketAddress("127.0.0.1", port()));
    s.setSoTimeout(30_000);
    String cmd =
        "*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$4\r\nslow\r\n"
            + "*2\r\n$9\r\nSUBSCRIBE\r\n$"
            + channel.length()
            + "\r\n"
            + channel
            + "\r\n";
    s.getOutputStream().write(cmd.getBytes(StandardCharsets.US_ASCII));
    Jedis j = jedis();
    await().atMost(Duration.ofSeconds(10)).until(() -> j.pubsubNumSub(channel).get(channel) == 1);
    return s;
  }

  private static long omemOf(Jedis j, String name) {
    for (String line : j.clientList().split("\n")) {
      if (line.contains(" name=" + name + " ")) {
        for (String field : line.split(" ")) {
          if (field.startsWith("omem=")) {
            return Long.parseLong(field.substring(5).trim());
          }
        }
      }
    }
    return 0; // gone
  }

  private static long infoLong(Jedis j, String field) {
    for (String line : j.info("clients").split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim());
      }
    }
    throw new AssertionError("no " + field + " in INFO clients");
  }

  /** Drains what the server had sent before closing; true once the connection has ended. */
  private static boolean readsToEndOfStream(InputStream in) {
    byte[] buf = new byte[64 * 1024];
    try {
      while (in.read(buf) != -1) {
        // discard
      }
      return true;
    } catch (IOException e) {
      return !(e instanceof java.net.SocketTimeoutException); // a reset also means closed
    }
  }
}
