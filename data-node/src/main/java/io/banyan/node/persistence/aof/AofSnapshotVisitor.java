package io.banyan.node.persistence.aof;

import io.banyan.node.resp.DoubleFormat;
import io.banyan.node.store.Entry;
import io.banyan.node.store.SnapshotVisitor;
import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.ListValue;
import io.banyan.node.store.type.SetValue;
import io.banyan.node.store.type.ZSetValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a keyspace snapshot as AOF commands — the base file format when {@code
 * aof-use-rdb-preamble no}, as Redis 7.0 writes it: per key {@code SET}, {@code RPUSH}, {@code
 * SADD}, {@code ZADD} or {@code HMSET} (collections in commands of at most 64 elements), then
 * {@code PEXPIREAT} when the key has an expiry; {@code SELECT} whenever the database changes. Runs
 * on the command thread, writing into a background pipe.
 */
final class AofSnapshotVisitor implements SnapshotVisitor {
  /** Elements per command for collections, as Redis (AOF_REWRITE_ITEMS_PER_CMD). */
  static final int ITEMS_PER_COMMAND = 64;

  private static final byte[] SET = ascii("SET");
  private static final byte[] RPUSH = ascii("RPUSH");
  private static final byte[] SADD = ascii("SADD");
  private static final byte[] ZADD = ascii("ZADD");
  private static final byte[] HMSET = ascii("HMSET");
  private static final byte[] PEXPIREAT = ascii("PEXPIREAT");

  private final OutputStream out;
  private final AofEncoder encoder = new AofEncoder();

  AofSnapshotVisitor(OutputStream out) {
    this.out = out;
  }

  @Override
  public void beginDatabase(int db, long keys, long volatileKeys) {}

  @Override
  public void entry(int db, Entry e) {
    byte[] key = e.key;
    Object v = e.value();
    if (v instanceof byte[] s) {
      encoder.command(db, new byte[][] {SET, key, s});
    } else if (v instanceof ListValue list) {
      Batcher b = new Batcher(db, RPUSH, key, 1);
      list.forEach(b::add);
      b.finish();
    } else if (v instanceof SetValue set) {
      Batcher b = new Batcher(db, SADD, key, 1);
      set.forEach(b::add);
      b.finish();
    } else if (v instanceof ZSetValue zset) {
      Batcher b = new Batcher(db, ZADD, key, 2);
      zset.forEach((member, score) -> b.add(ascii(DoubleFormat.reply(score)), member));
      b.finish();
    } else if (v instanceof HashValue hash) {
      Batcher b = new Batcher(db, HMSET, key, 2);
      hash.forEach(b::add);
      b.finish();
    } else {
      throw new IllegalStateException("no AOF form for " + v.getClass().getSimpleName());
    }
    if (e.hasExpiry()) {
      encoder.command(db, new byte[][] {PEXPIREAT, key, AofEncoder.number(e.expireAtMs())});
    }
    drain();
  }

  @Override
  public void end() {
    drain();
  }

  private void drain() {
    try {
      encoder.drainTo(out);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Collects elements into commands of at most {@link #ITEMS_PER_COMMAND} elements. */
  private final class Batcher {
    private final int db;
    private final byte[] command;
    private final byte[] key;
    private final int width;
    private final List<byte[]> args = new ArrayList<>();

    Batcher(int db, byte[] command, byte[] key, int width) {
      this.db = db;
      this.command = command;
      this.key = key;
      this.width = width;
    }

    void add(byte[] element) {
      args.add(element);
      if (args.size() == ITEMS_PER_COMMAND * width) {
        finish();
      }
    }

    void add(byte[] first, byte[] second) {
      args.add(first);
      args.add(second);
      if (args.size() == ITEMS_PER_COMMAND * width) {
        finish();
      }
    }

    void finish() {
      if (args.isEmpty()) {
        return;
      }
      byte[][] argv = new byte[args.size() + 2][];
      argv[0] = command;
      argv[1] = key;
      for (int i = 0; i < args.size(); i++) {
        argv[i + 2] = args.get(i);
      }
      encoder.command(db, argv);
      args.clear();
      if (encoder.size() > 64 * 1024) {
        drain();
      }
    }
  }
}
