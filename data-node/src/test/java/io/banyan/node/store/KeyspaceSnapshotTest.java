package io.banyan.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.store.type.ListValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyspaceSnapshotTest {
  private static final int DBS = 3;

  /** What a visitor saw, or what the keyspace held: db → key → rendered value and expiry. */
  private static Map<String, String> image(Keyspace ks) {
    Map<String, String> m = new HashMap<>();
    for (int db = 0; db < ks.databaseCount(); db++) {
      int d = db;
      ks.db(db).forEach(e -> m.put(d + "/" + str(e.key), render(e)));
    }
    return m;
  }

  private static String render(Entry e) {
    Object v = e.value();
    String value;
    if (v instanceof byte[] b) {
      value = str(b);
    } else {
      List<String> items = new ArrayList<>();
      ((ListValue) v).forEach(x -> items.add(str(x)));
      value = "list" + items;
    }
    return value + "@" + e.expireAtMs();
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Records deliveries and fails on duplicates. */
  private static final class Recorder implements SnapshotVisitor {
    final Map<String, String> seen = new HashMap<>();
    boolean ended;

    @Override
    public void beginDatabase(int db, long keys, long volatileKeys) {}

    @Override
    public void entry(int db, Entry entry) {
      String k = db + "/" + str(entry.key);
      assertThat(seen.put(k, render(entry))).as("delivered twice: %s", k).isNull();
    }

    @Override
    public void end() {
      ended = true;
    }
  }

  @Test
  void deliversExactlyTheStateAtTheStartWhileWritesContinue() {
    for (long seed = 1; seed <= 30; seed++) {
      Random rnd = new Random(seed);
      Keyspace ks = new Keyspace(DBS);
      for (int i = 0; i < 3000; i++) {
        mutate(ks, rnd);
      }
      Map<String, String> expected = image(ks);
      Recorder recorder = new Recorder();
      KeyspaceSnapshot snapshot = ks.beginSnapshot(recorder);
      while (!snapshot.step(rnd.nextInt(3) == 0 ? 0 : 20_000)) {
        for (int i = 0, n = rnd.nextInt(40); i < n; i++) {
          mutate(ks, rnd);
        }
      }
      assertThat(recorder.ended).isTrue();
      assertThat(recorder.seen).as("seed %d", seed).isEqualTo(expected);
      assertThat(snapshot.unguardedChanges()).isZero();
      assertThat(ks.snapshot()).isNull();
    }
  }

  @Test
  void anAbortedSnapshotLeavesTheNextOneComplete() {
    Random rnd = new Random(7);
    Keyspace ks = new Keyspace(DBS);
    for (int i = 0; i < 5000; i++) {
      mutate(ks, rnd);
    }
    KeyspaceSnapshot first = ks.beginSnapshot(new Recorder());
    first.step(0);
    first.abort();
    assertThatThrownBy(() -> ks.beginSnapshot(new Recorder()))
        .isInstanceOf(IllegalStateException.class);
    while (!first.step(1_000_000)) {
      mutate(ks, rnd);
    }
    Map<String, String> expected = image(ks);
    Recorder second = new Recorder();
    KeyspaceSnapshot s = ks.beginSnapshot(second);
    while (!s.step(1_000_000)) {
      // no writes: the image must simply be complete
    }
    assertThat(second.seen).isEqualTo(expected);
  }

  private static void mutate(Keyspace ks, Random rnd) {
    Database db = ks.db(rnd.nextInt(DBS));
    byte[] key = b("k" + rnd.nextInt(400));
    switch (rnd.nextInt(20)) {
      case 0, 1, 2, 3 -> db.set(key, b("v" + rnd.nextInt(1000)));
      case 4 -> db.setKeepingTtl(key, b("w" + rnd.nextInt(1000)));
      case 5, 6 -> db.delete(key);
      case 7 -> db.setExpiry(key, System.currentTimeMillis() + 1_000_000 + rnd.nextInt(1000));
      case 8 -> db.persist(key);
      case 9, 10, 11 -> {
        Entry e = db.lookupForWrite(key);
        if (e == null) {
          if (db.lookup(key) == null) {
            ListValue l = new ListValue();
            db.add(key, l);
            l.addLast(b("x" + rnd.nextInt(100)));
            db.modified(key);
          }
        } else if (e.value() instanceof ListValue l) {
          l.addLast(b("y" + rnd.nextInt(100)));
          db.modified(key);
        }
      }
      case 12 -> {
        byte[] to = b("k" + rnd.nextInt(400));
        if (!java.util.Arrays.equals(key, to)) {
          Entry moved = db.detach(key);
          if (moved != null) {
            db.delete(to);
            db.attach(to, moved);
          }
        }
      }
      case 13 -> {
        if (rnd.nextInt(50) == 0) {
          db.clear();
        }
      }
      case 14 -> {
        if (rnd.nextInt(50) == 0) {
          ks.swap(rnd.nextInt(DBS), rnd.nextInt(DBS));
        }
      }
      default -> db.get(key);
    }
  }
}
