package io.banyan.node.persistence;

import java.util.Random;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Random writes over the keys {@link RdbTestSupport#populate} creates: every type changed in place,
 * expiries set and removed, keys deleted, created, renamed, moved and copied across databases, and
 * optionally whole databases flushed and swapped. Errors a random command may earn (WRONGTYPE, no
 * such key) are part of the game and ignored.
 */
final class RandomWrites {
  private RandomWrites() {}

  static void one(Jedis j, Random r, int dbs, int keysPerDb, boolean wholeDatabaseOps) {
    int db = r.nextInt(dbs);
    j.select(db);
    String key = "k" + db + ":" + r.nextInt(keysPerDb + keysPerDb / 10);
    String other = "k" + r.nextInt(dbs) + ":" + r.nextInt(keysPerDb + keysPerDb / 10);
    int op = r.nextInt(wholeDatabaseOps ? 22 : 20);
    try {
      switch (op) {
        case 0 -> j.set(key, "new" + r.nextInt(1000));
        case 1 -> j.append(key, "+");
        case 2 -> j.incr(key);
        case 3 -> j.del(key);
        case 4 -> j.lpush(key, "p" + r.nextInt(100));
        case 5 -> j.rpop(key);
        case 6 -> j.sadd(key, Integer.toString(r.nextInt(1000)));
        case 7 -> j.srem(key, "m" + r.nextInt(100_000), Integer.toString(r.nextInt(100_000)));
        case 8 -> j.hset(key, "f" + r.nextInt(30), "changed");
        case 9 -> j.hdel(key, "f" + r.nextInt(20));
        case 10 -> j.zadd(key, r.nextInt(100), "z" + r.nextInt(30));
        case 11 -> j.zrem(key, "z" + r.nextInt(20));
        case 12 -> j.zincrby(key, 1.5, "z" + r.nextInt(20));
        case 13 -> j.pexpireAt(key, System.currentTimeMillis() + 7_200_000 + r.nextInt(1000));
        case 14 -> j.persist(key);
        case 15 -> j.rename(key, other);
        case 16 -> j.move(key, r.nextInt(dbs));
        case 17 -> j.lset(key, 0, "first");
        case 18 -> j.copy(key, other, true);
        case 19 -> j.getDel(key);
        case 20 -> {
          if (r.nextInt(100) == 0) {
            j.flushDB();
          } else {
            j.set(key, "instead of a flush");
          }
        }
        default -> {
          if (r.nextInt(20) == 0) {
            j.swapDB(db, r.nextInt(dbs));
          } else {
            j.hset(key, "g", "instead of a swap");
          }
        }
      }
    } catch (JedisDataException expected) {
      // WRONGTYPE, ERR no such key, ERR value is not an integer...
    }
  }
}
