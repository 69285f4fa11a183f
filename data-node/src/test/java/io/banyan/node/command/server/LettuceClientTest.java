package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.ServerTestBase;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingInfo;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.command.CommandDetail;
import io.lettuce.core.models.command.CommandDetailParser;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lettuce negotiates RESP3 with HELLO and parses COMMAND, INFO, CLIENT replies itself. */
class LettuceClientTest extends ServerTestBase {
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> redis;

  @BeforeEach
  void connect() {
    client = RedisClient.create(RedisURI.create("127.0.0.1", port()));
    connection = client.connect();
    redis = connection.sync();
  }

  @AfterEach
  void disconnect() {
    connection.close();
    client.shutdown();
  }

  @Test
  void connectsOverResp3AndParsesServerReplies() {
    assertThat(redis.ping()).isEqualTo("PONG");
    assertThat(redis.clientInfo()).contains(" resp=3");
    assertThat(redis.info("server")).contains("redis_version:7.0.15");
    assertThat(redis.commandCount()).isEqualTo(server.engine().commands().size());
    List<CommandDetail> details = CommandDetailParser.parse(redis.command());
    CommandDetail get =
        details.stream().filter(d -> d.getName().equals("get")).findFirst().orElseThrow();
    assertThat(get.getArity()).isEqualTo(2);
    assertThat(get.getFirstKeyPosition()).isEqualTo(1);
    TrackingInfo tracking = redis.clientTrackinginfo();
    assertThat(tracking.getRedirect()).isEqualTo(-1L);
    assertThat(redis.clientSetname("lettuce")).isEqualTo("OK");
    assertThat(redis.clientGetname()).isEqualTo("lettuce");
    assertThat(redis.clientList()).contains("name=lettuce");
  }
}
