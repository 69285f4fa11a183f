package io.banyan.node.command.sets;

import io.banyan.node.client.Client;
import io.banyan.node.command.CompositeWrites;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.hashes.ScanArgs;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.type.SetValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The set commands of Redis 7.0. This class registers them all and implements membership and
 * single-set commands; {@link SetAlgebra} has intersections, unions and differences, {@link
 * SetSampling} has SPOP and SRANDMEMBER.
 */
public final class SetCommands implements CommandFamily {
  @Override
  public void register(CommandTable t) {
    t.define("sadd", -3, "write denyoom fast", 1, 1, 1, "@write @set @fast")
        .keys("RW insert|i1|r0,1,0")
        .doc("set", "1.0.0", "O(N)", "Adds members to a set; returns how many were new.")
        .handler(SetCommands::sadd);
    t.define("srem", -3, "write fast", 1, 1, 1, "@write @set @fast")
        .keys("RW delete|i1|r0,1,0")
        .doc("set", "1.0.0", "O(N)", "Removes members from a set; returns how many existed.")
        .handler(SetCommands::srem);
    t.define("scard", 2, "readonly fast", 1, 1, 1, "@read @set @fast")
        .keys("RO|i1|r0,1,0")
        .doc("set", "1.0.0", "O(1)", "Returns the number of members of a set.")
        .handler(SetCommands::scard);
    t.define("sismember", 3, "readonly fast", 1, 1, 1, "@read @set @fast")
        .keys("RO|i1|r0,1,0")
        .doc("set", "1.0.0", "O(1)", "Tells whether a value is a member of a set.")
        .handler(SetCommands::sismember);
    t.define("smismember", -3, "readonly fast", 1, 1, 1, "@read @set @fast")
        .keys("RO access|i1|r0,1,0")
        .doc("set", "6.2.0", "O(N)", "Tells, for each value, whether it is a member of a set.")
        .handler(SetCommands::smismember);
    t.define("smembers", 2, "readonly", 1, 1, 1, "@read @set @slow")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output_order")
        .doc("set", "1.0.0", "O(N)", "Returns every member of a set.")
        .handler(SetCommands::smembers);
    t.define("smove", 4, "write fast", 1, 2, 1, "@write @set @fast")
        .keys("RW access delete|i1|r0,1,0; RW insert|i2|r0,1,0")
        .doc("set", "1.0.0", "O(1)", "Moves a member from one set to another.")
        .handler(SetCommands::smove);
    t.define("srandmember", -2, "readonly", 1, 1, 1, "@read @set @slow")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output")
        .doc("set", "1.0.0", "O(N)", "Returns random members of a set without removing them.")
        .handler(SetSampling::srandmember);
    t.define("spop", -2, "write fast", 1, 1, 1, "@write @set @fast")
        .keys("RW access delete|i1|r0,1,0")
        .tips("nondeterministic_output")
        .doc("set", "1.0.0", "O(N)", "Removes and returns random members of a set.")
        .handler(SetSampling::spop);
    t.define("sinter", -2, "readonly", 1, -1, 1, "@read @set @slow")
        .keys("RO access|i1|r-1,1,0")
        .tips("nondeterministic_output_order")
        .doc("set", "1.0.0", "O(N*M)", "Returns the intersection of sets.")
        .handler(SetAlgebra::sinter);
    t.define("sintercard", -3, "readonly movablekeys", 0, 0, 0, "@read @set @slow")
        .keys("RO access|i1|k0,1,1")
        .doc("set", "7.0.0", "O(N*M)", "Counts the intersection of sets, optionally up to a limit.")
        .handler(SetAlgebra::sintercard);
    t.define("sinterstore", -3, "write denyoom", 1, -1, 1, "@write @set @slow")
        .keys("RW update|i1|r0,1,0; RO access|i2|r-1,1,0")
        .doc("set", "1.0.0", "O(N*M)", "Stores the intersection of sets in a key.")
        .handler(SetAlgebra::sinterstore);
    t.define("sunion", -2, "readonly", 1, -1, 1, "@read @set @slow")
        .keys("RO access|i1|r-1,1,0")
        .tips("nondeterministic_output_order")
        .doc("set", "1.0.0", "O(N)", "Returns the union of sets.")
        .handler((c, argv) -> SetAlgebra.unionOrDiff(c, argv, false, false));
    t.define("sunionstore", -3, "write denyoom", 1, -1, 1, "@write @set @slow")
        .keys("OW update|i1|r0,1,0; RO access|i2|r-1,1,0")
        .doc("set", "1.0.0", "O(N)", "Stores the union of sets in a key.")
        .handler((c, argv) -> SetAlgebra.unionOrDiff(c, argv, false, true));
    t.define("sdiff", -2, "readonly", 1, -1, 1, "@read @set @slow")
        .keys("RO access|i1|r-1,1,0")
        .tips("nondeterministic_output_order")
        .doc("set", "1.0.0", "O(N)", "Returns the members of the first set absent from the others.")
        .handler((c, argv) -> SetAlgebra.unionOrDiff(c, argv, true, false));
    t.define("sdiffstore", -3, "write denyoom", 1, -1, 1, "@write @set @slow")
        .keys("OW update|i1|r0,1,0; RO access|i2|r-1,1,0")
        .doc("set", "1.0.0", "O(N)", "Stores the difference of sets in a key.")
        .handler((c, argv) -> SetAlgebra.unionOrDiff(c, argv, true, true));
    t.define("sscan", -3, "readonly", 1, 1, 1, "@read @set @slow")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output")
        .doc("set", "2.8.0", "O(1)", "Iterates the members of a set by cursor.")
        .handler(SetCommands::sscan);
  }

  static void sadd(Client c, byte[][] argv) {
    SetValue s = Lookup.writeOrCreate(c, argv[1], SetValue.class, SetValue::new);
    int added = 0;
    for (int i = 2; i < argv.length; i++) {
      if (s.add(argv[i])) {
        added++;
      }
    }
    if (added > 0) {
      c.db().modified(argv[1]);
    }
    c.reply().integer(added);
  }

  static void srem(Client c, byte[][] argv) {
    CompositeWrites.removeEach(c, argv, SetValue.class, SetValue::remove);
  }

  static void scard(Client c, byte[][] argv) {
    SetValue s = Lookup.read(c, argv[1], SetValue.class);
    c.reply().integer(s == null ? 0 : s.size());
  }

  static void sismember(Client c, byte[][] argv) {
    SetValue s = Lookup.read(c, argv[1], SetValue.class);
    c.reply().integer(s != null && s.contains(argv[2]) ? 1 : 0);
  }

  static void smismember(Client c, byte[][] argv) {
    SetValue s = Lookup.read(c, argv[1], SetValue.class);
    Reply r = c.reply();
    r.array(argv.length - 2);
    for (int i = 2; i < argv.length; i++) {
      r.integer(s != null && s.contains(argv[i]) ? 1 : 0);
    }
  }

  static void smembers(Client c, byte[][] argv) {
    SetValue s = Lookup.read(c, argv[1], SetValue.class);
    Reply r = c.reply();
    if (s == null) {
      r.set(0);
      return;
    }
    r.set(s.size());
    s.forEach(r::bulk);
  }

  /**
   * Redis's order of checks: a missing source answers 0 before the destination's type is looked at;
   * moving within one set only reports membership.
   */
  static void smove(Client c, byte[][] argv) {
    Object src = Lookup.write(c, argv[1]);
    Object dst = Lookup.write(c, argv[2]);
    byte[] member = argv[3];
    if (src == null) {
      c.reply().integer(0);
      return;
    }
    if (!(src instanceof SetValue from) || (dst != null && !(dst instanceof SetValue))) {
      throw Errors.WRONG_TYPE;
    }
    if (src == dst) {
      c.reply().integer(from.contains(member) ? 1 : 0);
      return;
    }
    if (!from.remove(member)) {
      c.reply().integer(0);
      return;
    }
    c.db().modified(argv[1]);
    SetValue to = Lookup.writeOrCreate(c, argv[2], SetValue.class, SetValue::new);
    if (to.add(member)) {
      c.db().modified(argv[2]);
    }
    c.reply().integer(1);
  }

  static void sscan(Client c, byte[][] argv) {
    long cursor = ScanArgs.parseCursor(argv[2]);
    SetValue s = Lookup.read(c, argv[1], SetValue.class);
    if (s == null) {
      ScanArgs.replyEmpty(c);
      return;
    }
    ScanArgs args = ScanArgs.parseOptions(argv, 3);
    List<byte[]> found = new ArrayList<>();
    long next;
    if (s.isIntset()) {
      next = s.scan(0, found::add);
    } else {
      long steps = args.maxSteps();
      next = cursor;
      do {
        next = s.scan(next, found::add);
      } while (next != 0 && steps-- > 0 && found.size() < args.count());
    }
    if (args.pattern() != null) {
      found.removeIf(m -> !args.matches(m));
    }
    ScanArgs.reply(c, next, found);
  }
}
