package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SortArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.resps.Tuple;

/**
 * One pipeline with commands of every family, through Lettuce (which negotiates RESP3) and through
 * Jedis (RESP2): every reply must parse to the value Redis 7.0 gives.
 */
class PipelineAcrossFamiliesTest extends CrossFamilySupport {

  @Test
  void lettuceResp3Pipeline() throws Exception {
    RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port()));
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisAsyncCommands<String, String> r = connection.async();
      connection.setAutoFlushCommands(false);
      List<RedisFuture<?>> all = new ArrayList<>();
      RedisFuture<String> set = track(all, r.set("str", "10"));
      RedisFuture<Double> incrByFloat = track(all, r.incrbyfloat("str", 0.5));
      RedisFuture<Long> rpush = track(all, r.rpush("list", "3", "1", "2"));
      RedisFuture<List<String>> lrange = track(all, r.lrange("list", 0, -1));
      RedisFuture<Long> sadd = track(all, r.sadd("set", "a", "b", "c"));
      RedisFuture<Set<String>> smembers = track(all, r.smembers("set"));
      RedisFuture<List<Boolean>> smismember = track(all, r.smismember("set", "a", "z"));
      RedisFuture<Long> zadd = track(all, r.zadd("zset", 1.5, "m", 2.0, "n"));
      RedisFuture<List<ScoredValue<String>>> zrange = track(all, r.zrangeWithScores("zset", 0, -1));
      RedisFuture<Double> zscore = track(all, r.zscore("zset", "n"));
      RedisFuture<Double> zincrby = track(all, r.zincrby("zset", 1, "m"));
      RedisFuture<List<Double>> zmscore = track(all, r.zmscore("zset", "m", "nope"));
      RedisFuture<Long> hset = track(all, r.hset("hash", Map.of("f", "v")));
      RedisFuture<Double> hincr = track(all, r.hincrbyfloat("hash", "num", 2.5));
      RedisFuture<Map<String, String>> hgetall = track(all, r.hgetall("hash"));
      RedisFuture<List<String>> sort = track(all, r.sort("list", SortArgs.Builder.desc()));
      RedisFuture<Long> zunionstore = track(all, r.zunionstore("u", "set", "zset"));
      RedisFuture<ScoredValue<String>> zpopmin = track(all, r.zpopmin("u"));
      RedisFuture<KeyValue<String, String>> blpop = track(all, r.blpop(1, "list"));
      RedisFuture<Boolean> expire = track(all, r.expire("hash", 100));
      RedisFuture<Long> ttl = track(all, r.ttl("hash"));
      RedisFuture<String> type = track(all, r.type("zset"));
      RedisFuture<String> encoding = track(all, r.objectEncoding("set"));
      RedisFuture<Long> exists = track(all, r.exists("str", "list", "set", "zset", "hash", "no"));
      RedisFuture<Long> wrongType = track(all, r.lpush("hash", "x"));
      RedisFuture<String> missing = track(all, r.get("missing"));
      RedisFuture<Long> del = track(all, r.del("u", "set"));
      connection.flushCommands();
      for (RedisFuture<?> f : all) {
        f.await(10, TimeUnit.SECONDS);
      }
      assertThat(set.get()).isEqualTo("OK");
      assertThat(incrByFloat.get()).isEqualTo(10.5);
      assertThat(rpush.get()).isEqualTo(3L);
      assertThat(lrange.get()).containsExactly("3", "1", "2");
      assertThat(sadd.get()).isEqualTo(3L);
      assertThat(smembers.get()).containsExactlyInAnyOrder("a", "b", "c");
      assertThat(smismember.get()).containsExactly(true, false);
      assertThat(zadd.get()).isEqualTo(2L);
      assertThat(zrange.get())
          .containsExactly(ScoredValue.just(1.5, "m"), ScoredValue.just(2, "n"));
      assertThat(zscore.get()).isEqualTo(2.0);
      assertThat(zincrby.get()).isEqualTo(2.5);
      assertThat(zmscore.get()).containsExactly(2.5, null);
      assertThat(hset.get()).isEqualTo(1L);
      assertThat(hincr.get()).isEqualTo(2.5);
      assertThat(hgetall.get()).isEqualTo(Map.of("f", "v", "num", "2.5"));
      assertThat(sort.get()).containsExactly("3", "2", "1");
      assertThat(zunionstore.get()).isEqualTo(5L);
      assertThat(zpopmin.get()).isEqualTo(ScoredValue.just(1, "a"));
      assertThat(blpop.get()).isEqualTo(KeyValue.just("list", "3"));
      assertThat(expire.get()).isTrue();
      assertThat(ttl.get()).isBetween(90L, 100L);
      assertThat(type.get()).isEqualTo("zset");
      assertThat(encoding.get()).isEqualTo("hashtable");
      assertThat(exists.get()).isEqualTo(5L);
      assertThatThrownBy(wrongType::get)
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining(
              "WRONGTYPE Operation against a key holding the wrong kind of value");
      assertThat(missing.get()).isNull();
      assertThat(del.get()).isEqualTo(2L);
      connection.setAutoFlushCommands(true);
      assertThat(connection.sync().clientInfo()).contains(" resp=3");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }
  }

  private static <T extends RedisFuture<?>> T track(List<RedisFuture<?>> all, T f) {
    all.add(f);
    return f;
  }

  @Test
  void jedisResp2Pipeline() {
    Jedis j = jedis();
    assertThat(j.clientInfo()).contains(" resp=2");
    Pipeline p = j.pipelined();
    Response<String> set = p.set("str", "10");
    Response<Double> incrByFloat = p.incrByFloat("str", 0.5);
    Response<Long> rpush = p.rpush("list", "3", "1", "2");
    Response<List<String>> lrange = p.lrange("list", 0, -1);
    Response<Long> sadd = p.sadd("set", "a", "b", "c");
    Response<Set<String>> smembers = p.smembers("set");
    Response<List<Boolean>> smismember = p.smismember("set", "a", "z");
    Response<Long> zadd = p.zadd("zset", Map.of("m", 1.5, "n", 2.0));
    Response<List<Tuple>> zrange = p.zrangeWithScores("zset", 0, -1);
    Response<Double> zscore = p.zscore("zset", "n");
    Response<Double> zincrby = p.zincrby("zset", 1, "m");
    Response<List<Double>> zmscore = p.zmscore("zset", "m", "nope");
    Response<Long> hset = p.hset("hash", "f", "v");
    Response<Double> hincr = p.hincrByFloat("hash", "num", 2.5);
    Response<Map<String, String>> hgetall = p.hgetAll("hash");
    Response<List<String>> sort =
        p.sort("list", new redis.clients.jedis.params.SortingParams().desc());
    Response<Long> zunionstore = p.zunionstore("u", "set", "zset");
    Response<Tuple> zpopmin = p.zpopmin("u");
    Response<List<String>> blpop = p.blpop(1, "list");
    Response<Long> expire = p.expire("hash", 100);
    Response<Long> ttl = p.ttl("hash");
    Response<String> type = p.type("zset");
    Response<String> encoding = p.objectEncoding("set");
    Response<Long> exists = p.exists("str", "list", "set", "zset", "hash", "no");
    Response<Long> wrongType = p.lpush("hash", "x");
    Response<String> missing = p.get("missing");
    Response<Long> del = p.del("u", "set");
    p.sync();
    assertThat(set.get()).isEqualTo("OK");
    assertThat(incrByFloat.get()).isEqualTo(10.5);
    assertThat(rpush.get()).isEqualTo(3L);
    assertThat(lrange.get()).containsExactly("3", "1", "2");
    assertThat(sadd.get()).isEqualTo(3L);
    assertThat(smembers.get()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(smismember.get()).containsExactly(true, false);
    assertThat(zadd.get()).isEqualTo(2L);
    assertThat(zrange.get()).containsExactly(new Tuple("m", 1.5), new Tuple("n", 2.0));
    assertThat(zscore.get()).isEqualTo(2.0);
    assertThat(zincrby.get()).isEqualTo(2.5);
    assertThat(zmscore.get()).containsExactly(2.5, null);
    assertThat(hset.get()).isEqualTo(1L);
    assertThat(hincr.get()).isEqualTo(2.5);
    assertThat(hgetall.get()).isEqualTo(Map.of("f", "v", "num", "2.5"));
    assertThat(sort.get()).containsExactly("3", "2", "1");
    assertThat(zunionstore.get()).isEqualTo(5L);
    assertThat(zpopmin.get()).isEqualTo(new Tuple("a", 1.0));
    assertThat(blpop.get()).containsExactly("list", "3");
    assertThat(expire.get()).isEqualTo(1L);
    assertThat(ttl.get()).isBetween(90L, 100L);
    assertThat(type.get()).isEqualTo("zset");
    assertThat(encoding.get()).isEqualTo("hashtable");
    assertThat(exists.get()).isEqualTo(5L);
    assertThatThrownBy(wrongType::get)
        .hasMessageContaining("WRONGTYPE Operation against a key holding the wrong kind of value");
    assertThat(missing.get()).isNull();
    assertThat(del.get()).isEqualTo(2L);
  }
}
