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
