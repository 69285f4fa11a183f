package io.banyan.node.command.strings;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;

/**
 * SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP. Bits are numbered from the most significant bit of
 * the first byte; a missing key reads as an endless run of zero bits.
 */
final class BitCommands {
  private static final CommandException BIT_VALUE_ERROR =
      Errors.err("bit is not an integer or out of range");

  private BitCommands() {}

  static void setbit(Client c, byte[][] argv) {
    byte[] key = argv[1];
    long offset = Bits.offset(c, argv[2], false, 0);
    Long on = Bytes.parseLong(argv[3]);
    if (on == null || (on & ~1L) != 0) {
      throw BIT_VALUE_ERROR;
    }
    byte[] current = Lookup.writeString(c, key);
    int index = (int) (offset >>> 3);
    int mask = 0x80 >>> (int) (offset & 7);
    boolean grows = current == null || index >= current.length;
    int old = grows ? 0 : current[index] & mask;
    if (grows || (old != 0) != (on == 1)) {
      byte[] target = StringWrites.writable(current, index + 1);
      target[index] = (byte) (on == 1 ? target[index] | mask : target[index] & ~mask);
      c.db().setKeepingTtl(key, target);
    }
    c.reply().integer(old != 0 ? 1 : 0);
  }

  static void getbit(Client c, byte[][] argv) {
    long offset = Bits.offset(c, argv[2], false, 0);
    byte[] v = Lookup.readString(c, argv[1]);
    c.reply().integer(v != null && Bits.get(v, offset) ? 1 : 0);
  }

  static void bitcount(Client c, byte[][] argv) {
    byte[] v = Lookup.readString(c, argv[1]);
    if (v == null) {
      c.reply().integer(0);
      return;
    }
    long startBit;
    long endBit;
    if (argv.length == 2) {
      startBit = 0;
      endBit = (long) v.length * 8 - 1;
    } else if (argv.length == 4 || argv.length == 5) {
      long start = Args.toLong(argv[2]);
      long end = Args.toLong(argv[3]);
      boolean bitUnits = argv.length == 5 && unit(argv[4]);
      if (start < 0 && end < 0 && start > end) {
        c.reply().integer(0);
        return;
      }
      long[] range = Bits.range(v.length, start, end, bitUnits);
      startBit = range[0];
      endBit = range[1];
    } else {
      throw Errors.SYNTAX;
    }
    c.reply().integer(startBit > endBit ? 0 : Bits.count(v, startBit, endBit));
  }

  static void bitpos(Client c, byte[][] argv) {
    Long bit = Bytes.parseLong(argv[2]);
    if (bit == null) {
      throw Errors.NOT_INTEGER;
    }
    if (bit != 0 && bit != 1) {
      throw Errors.err("The bit argument must be 1 or 0.");
    }
    boolean wanted = bit == 1;
    byte[] v = Lookup.readString(c, argv[1]);
    if (v == null) {
      // An absent key is all zeros: the first clear bit is bit 0, and there is no set bit.
      c.reply().integer(wanted ? -1 : 0);
      return;
    }
    if (argv.length > 6) {
      throw Errors.SYNTAX;
    }
    long startBit = 0;
    long endBit = (long) v.length * 8 - 1;
    boolean endGiven = argv.length >= 5;
    if (argv.length >= 4) {
      long start = Args.toLong(argv[3]);
      boolean bitUnits = argv.length == 6 && unit(argv[5]);
      long end;
      if (endGiven) {
        end = Args.toLong(argv[4]);
      } else {
        end = bitUnits ? (long) v.length * 8 - 1 : v.length - 1;
      }
      long[] range = Bits.range(v.length, start, end, bitUnits);
      startBit = range[0];
      endBit = range[1];
    }
    if (startBit > endBit) {
      c.reply().integer(-1);
      return;
    }
    long found = Bits.find(v, startBit, endBit, wanted);
    if (found < 0 && !wanted && !endGiven) {
      // Without an explicit end the string continues with zero bits after its last byte.
      found = (long) v.length * 8;
    }
    c.reply().integer(found);
  }

  /** The BYTE|BIT unit argument: true for BIT. */
  private static boolean unit(byte[] arg) {
    if (Bytes.is(arg, "bit")) {
      return true;
    } else if (Bytes.is(arg, "byte")) {
      return false;
    }
    throw Errors.SYNTAX;
  }

  static void bitop(Client c, byte[][] argv) {
    byte[] op = argv[1];
    char kind;
    if (Bytes.is(op, "and")) {
      kind = '&';
    } else if (Bytes.is(op, "or")) {
      kind = '|';
    } else if (Bytes.is(op, "xor")) {
      kind = '^';
    } else if (Bytes.is(op, "not")) {
      kind = '~';
    } else {
      throw Errors.SYNTAX;
    }
    if (kind == '~' && argv.length != 4) {
      throw Errors.err("BITOP NOT must be called with a single source key.");
    }
    int count = argv.length - 3;
    byte[][] sources = new byte[count][];
    int maxLength = 0;
    for (int i = 0; i < count; i++) {
      byte[] v = Lookup.readString(c, argv[3 + i]);
      sources[i] = v == null ? Bytes.EMPTY : v;
      maxLength = Math.max(maxLength, sources[i].length);
    }
    byte[] dest = argv[2];
    if (maxLength == 0) {
      c.db().delete(dest);
      c.reply().integer(0);
      return;
    }
    byte[] result = StringWrites.own(Bits.combine(kind, sources, maxLength));
    c.db().set(dest, result);
    c.reply().integer(maxLength);
  }
}
