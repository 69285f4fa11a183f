package io.banyan.node.command.strings;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO: signed (i1..i64) and unsigned (u1..u63) integers at arbitrary bit
 * offsets, read with GET, written with SET (returning the old value) and INCRBY (returning the new
 * value), with the overflow policy chosen by the latest OVERFLOW WRAP|SAT|FAIL.
 */
final class BitFieldCommand {
  private static final CommandException BAD_TYPE =
      Errors.err(
          "Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but"
              + " i64 is.");

  private enum Op {
    GET,
    SET,
    INCRBY
  }

  private enum Overflow {
    WRAP,
    SAT,
    FAIL
  }

  private record Field(
      Op op, boolean signed, int bits, long offset, long value, Overflow overflow) {}

  private BitFieldCommand() {}

  static void bitfield(Client c, byte[][] argv) {
    run(c, argv, false);
  }

  static void bitfieldRo(Client c, byte[][] argv) {
    run(c, argv, true);
  }

  private static void run(Client c, byte[][] argv, boolean readOnly) {
    List<Field> fields = parse(c, argv, readOnly);
    byte[] key = argv[1];
    long highestWrite = -1;
    for (Field f : fields) {
      if (f.op != Op.GET) {
        highestWrite = Math.max(highestWrite, f.offset + f.bits - 1);
      }
    }
    Reply r = c.reply();
    if (highestWrite < 0) {
      byte[] v = Lookup.readString(c, key);
      r.array(fields.size());
      for (Field f : fields) {
        r.integer(read(v, f));
      }
      return;
    }
    byte[] current = Lookup.writeString(c, key);
    int needed = (int) (highestWrite >>> 3) + 1;
    boolean created = current == null || current.length < needed;
    byte[] target = StringWrites.writable(current, needed);
    boolean changed = created;
    r.array(fields.size());
    for (Field f : fields) {
      if (f.op == Op.GET) {
        r.integer(read(target, f));
        continue;
      }
      long old = read(target, f);
      Long next = f.op == Op.SET ? setValue(f) : increment(f, old);
      if (next == null) {
        r.nullBulk(); // FAIL policy: this field is left untouched
        continue;
      }
      write(target, f.offset, f.bits, next);
      changed |= next != old;
      r.integer(f.op == Op.SET ? old : next);
    }
    if (changed) {
      c.db().setKeepingTtl(key, target);
    }
  }

  private static List<Field> parse(Client c, byte[][] argv, boolean readOnly) {
    List<Field> fields = new ArrayList<>();
    Overflow overflow = Overflow.WRAP;
    for (int j = 2; j < argv.length; j++) {
      int remaining = argv.length - j - 1;
      byte[] sub = argv[j];
      Op op;
      if (Bytes.is(sub, "get") && remaining >= 2) {
        op = Op.GET;
      } else if (Bytes.is(sub, "set") && remaining >= 3) {
        op = Op.SET;
      } else if (Bytes.is(sub, "incrby") && remaining >= 3) {
        op = Op.INCRBY;
      } else if (Bytes.is(sub, "overflow") && remaining >= 1) {
        overflow = overflow(argv[++j]);
        continue;
      } else {
        throw Errors.SYNTAX;
      }
      byte[] type = argv[j + 1];
      boolean signed = type.length > 0 && type[0] == 'i';
      if (type.length == 0 || (type[0] != 'i' && type[0] != 'u')) {
        throw BAD_TYPE;
      }
      Long bits = Bytes.parseLong(Arrays.copyOfRange(type, 1, type.length));
      if (bits == null || bits < 1 || bits > (signed ? 64 : 63)) {
        throw BAD_TYPE;
      }
      long offset = Bits.offset(c, argv[j + 2], true, bits.intValue());
      long value = 0;
      if (op != Op.GET) {
        if (readOnly) {
          throw Errors.err("BITFIELD_RO only supports the GET subcommand");
        }
        value = Args.toLong(argv[j + 3]);
      }
      fields.add(new Field(op, signed, bits.intValue(), offset, value, overflow));
      j += op == Op.GET ? 2 : 3;
    }
    return fields;
  }

  private static Overflow overflow(byte[] arg) {
    if (Bytes.is(arg, "wrap")) {
      return Overflow.WRAP;
    } else if (Bytes.is(arg, "sat")) {
      return Overflow.SAT;
    } else if (Bytes.is(arg, "fail")) {
      return Overflow.FAIL;
    }
    throw Errors.err("Invalid OVERFLOW type specified");
  }

  /** Reads the field; bits past the end of the string (or of a missing one) read as zero. */
  private static long read(byte[] v, Field f) {
    long raw = 0;
    for (int i = 0; i < f.bits; i++) {
      raw = (raw << 1) | (v != null && Bits.get(v, f.offset + i) ? 1 : 0);
    }
    if (f.signed && f.bits < 64 && (raw & (1L << (f.bits - 1))) != 0) {
      raw |= -1L << f.bits; // sign-extend
    }
    return raw;
  }

  private static void write(byte[] v, long offset, int bits, long value) {
    for (int i = 0; i < bits; i++) {
      long bit = offset + i;
      int index = (int) (bit >>> 3);
      int mask = 0x80 >>> (int) (bit & 7);
      boolean on = ((value >>> (bits - 1 - i)) & 1) != 0;
      v[index] = (byte) (on ? v[index] | mask : v[index] & ~mask);
    }
  }

  /** The value a SET stores after the overflow policy, or null when FAIL refuses it. */
  private static Long setValue(Field f) {
    long v = f.value;
    if (f.signed) {
      long max = maxSigned(f.bits);
      long min = -max - 1;
      if (v >= min && v <= max) {
        return v;
      }
      return switch (f.overflow) {
        case WRAP -> wrapSigned(v, f.bits);
        case SAT -> v > max ? max : min;
        case FAIL -> null;
      };
    }
    long max = (1L << f.bits) - 1;
    // The value is taken as an unsigned 64-bit number: a negative one is a huge value, too large.
    if (Long.compareUnsigned(v, max) <= 0) {
      return v;
    }
    return switch (f.overflow) {
      case WRAP -> v & max;
      case SAT -> max;
      case FAIL -> null;
    };
  }

  /** The value after INCRBY and the overflow policy, or null when FAIL refuses it. */
  private static Long increment(Field f, long old) {
    long by = f.value;
    long sum = old + by; // wraps modulo 2^64, which is what WRAP needs before masking
    if (f.signed) {
      long max = maxSigned(f.bits);
      long min = -max - 1;
      boolean up = by > 0 && old > max - by; // old in [min, max]: these cannot overflow a long
      boolean down = by < 0 && old < min - by;
      if (!up && !down) {
        return sum;
      }
      return switch (f.overflow) {
        case WRAP -> wrapSigned(sum, f.bits);
        case SAT -> up ? max : min;
        case FAIL -> null;
      };
    }
    long max = (1L << f.bits) - 1;
    boolean up = by > 0 && by > max - old;
    boolean down = by < 0 && by < -old;
    if (!up && !down) {
      return sum;
    }
    return switch (f.overflow) {
      case WRAP -> sum & max;
      case SAT -> up ? max : 0L;
      case FAIL -> null;
    };
  }

  private static long maxSigned(int bits) {
    return bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
  }

  private static long wrapSigned(long v, int bits) {
    return bits == 64 ? v : (v << (64 - bits)) >> (64 - bits);
  }
}
