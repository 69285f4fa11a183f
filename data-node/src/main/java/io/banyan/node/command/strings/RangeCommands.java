package io.banyan.node.command.strings;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import java.util.Arrays;

/** APPEND, STRLEN, GETRANGE (and its old name SUBSTR) and SETRANGE. */
final class RangeCommands {
  private RangeCommands() {}

  static void append(Client c, byte[][] argv) {
    byte[] key = argv[1];
    byte[] suffix = argv[2];
    byte[] current = Lookup.writeString(c, key);
    byte[] result;
    if (current == null) {
      result = suffix;
    } else {
      StringWrites.checkLength(c, current.length, suffix.length);
      result = Arrays.copyOf(current, current.length + suffix.length);
      System.arraycopy(suffix, 0, result, current.length, suffix.length);
      StringWrites.own(result);
    }
    c.db().setKeepingTtl(key, result);
    c.reply().integer(result.length);
  }

  static void strlen(Client c, byte[][] argv) {
    byte[] v = Lookup.readString(c, argv[1]);
    c.reply().integer(v == null ? 0 : v.length);
  }

  static void getrange(Client c, byte[][] argv) {
    long start = Args.toLong(argv[2]);
    long end = Args.toLong(argv[3]);
    byte[] v = Lookup.readString(c, argv[1]);
    if (v == null || (start < 0 && end < 0 && start > end)) {
      c.reply().bulk(Bytes.EMPTY);
      return;
    }
    long len = v.length;
    start = start < 0 ? Math.max(0, len + start) : start;
    end = end < 0 ? Math.max(0, len + end) : Math.min(end, len - 1);
    if (start > end || len == 0) {
      c.reply().bulk(Bytes.EMPTY);
      return;
    }
    c.reply().bulk(Arrays.copyOfRange(v, (int) start, (int) end + 1));
  }

  static void setrange(Client c, byte[][] argv) {
    byte[] key = argv[1];
    long offset = Args.toLong(argv[2]);
    byte[] value = argv[3];
    if (offset < 0) {
      throw Errors.err("offset is out of range");
    }
    byte[] current = Lookup.writeString(c, key);
    if (value.length == 0) {
      // Nothing to write: report the current length without creating or padding the key.
      c.reply().integer(current == null ? 0 : current.length);
      return;
    }
    StringWrites.checkLength(c, offset, value.length);
    byte[] target = StringWrites.writable(current, (int) offset + value.length);
    System.arraycopy(value, 0, target, (int) offset, value.length);
    c.db().setKeepingTtl(key, target);
    c.reply().integer(target.length);
  }
}
