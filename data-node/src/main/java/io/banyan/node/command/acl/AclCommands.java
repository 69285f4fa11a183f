package io.banyan.node.command.acl;

import io.banyan.node.acl.AclClients;
import io.banyan.node.acl.AclLog;
import io.banyan.node.acl.Denial;
import io.banyan.node.acl.PermissionCheck;
import io.banyan.node.acl.User;
import io.banyan.node.acl.Users;
import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.MetadataVocabulary;
import io.banyan.node.engine.Engine;
import io.banyan.node.store.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The ACL command: users (SETUSER, GETUSER, DELUSER, LIST, USERS, WHOAMI), what they may run (CAT,
 * DRYRUN), the refusal log (LOG), passwords (GENPASS) and the ACL file (LOAD, SAVE, in {@link
 * AclFileCommands}). Replies follow Redis 7.0, error texts included.
 */
public final class AclCommands implements CommandFamily {
  private static final String ADMIN = "admin noscript loading stale";
  private static final String ADMIN_ACL = "@admin @slow @dangerous";
  private static final String PLAIN = "noscript loading stale";
  private static final int GENPASS_MAX_BITS = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What the slow log and MONITOR show instead of SETUSER's rules (they may hold passwords). */
  private static final byte[] REDACTED = Bytes.utf8("(redacted)");

  @Override
  public void register(CommandTable t) {
    t.define("acl", -2, "", 0, 0, 0, "@slow")
        .doc("server", "6.0.0", "Depends on subcommand.", "Commands for the ACL users.");
    sub(t, "acl|cat", -2, PLAIN, "@slow", "Lists the ACL categories, or the commands in one.")
        .handler(AclCommands::cat);
    sub(t, "acl|deluser", -3, ADMIN, ADMIN_ACL, "Deletes users and disconnects their clients.")
        .handler(AclCommands::delUser);
    sub(t, "acl|dryrun", -4, ADMIN, ADMIN_ACL, "Tells whether a user may run a command.")
        .handler(AclCommands::dryRun);
    sub(t, "acl|genpass", -2, PLAIN, "@slow", "Returns a random password.")
        .handler(AclCommands::genPass);
    sub(t, "acl|getuser", 3, ADMIN, ADMIN_ACL, "Describes a user's rules.")
        .handler(AclCommands::getUser);
    sub(t, "acl|help", 2, "loading stale", "@slow", "Lists the ACL subcommands.")
        .handler(AclCommands::help);
    sub(t, "acl|list", 2, ADMIN, ADMIN_ACL, "Lists the users as configuration lines.")
        .handler(AclCommands::list);
    sub(t, "acl|load", 2, ADMIN, ADMIN_ACL, "Replaces the users with the ACL file's.")
        .handler(AclFileCommands::load);
    sub(t, "acl|log", -2, ADMIN, ADMIN_ACL, "Shows or clears the recent ACL refusals.")
        .handler(AclCommands::log);
    sub(t, "acl|save", 2, ADMIN, ADMIN_ACL, "Writes the users to the ACL file.")
        .handler(AclFileCommands::save);
    sub(t, "acl|setuser", -3, ADMIN, ADMIN_ACL, "Creates a user or changes its rules.")
        .handler(AclCommands::setUser);
    sub(t, "acl|users", 2, ADMIN, ADMIN_ACL, "Lists the user names.").handler(AclCommands::users);
    sub(t, "acl|whoami", 2, PLAIN, "@slow", "Returns the connection's user name.")
        .handler(AclCommands::whoami);
  }

  private static CommandTable.Builder sub(
      CommandTable t, String name, int arity, String flags, String acl, String summary) {
    return t.define(name, arity, flags, 0, 0, 0, acl).doc("server", "6.0.0", "O(N)", summary);
  }

  static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void setUser(Client c, byte[][] argv) {
    List<String> rules = new ArrayList<>(argv.length - 3);
    for (int i = 3; i < argv.length; i++) {
      rules.add(latin1(argv[i]));
    }
    String name = latin1(argv[2]);
    for (int i = 2; i < argv.length; i++) {
      argv[i] = REDACTED; // the rules may carry passwords: never in the slow log or MONITOR
    }
    if (hasSpaces(name)) {
      throw new CommandException("ERR Usernames can't contain spaces or null characters");
    }
    Engine e = c.engine();
    Users.Change change;
    try {
      change = e.users().stage(name, rules);
    } catch (IllegalArgumentException ex) {
      throw new CommandException("ERR " + ex.getMessage());
    }
    AclClients.dropLostSubscribers(e.clients(), change, c);
    e.users().commit(change);
    c.reply().ok();
  }

  static boolean hasSpaces(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == ' ' || (ch >= '\t' && ch <= '\r') || ch == 0) {
        return true;
      }
    }
    return false;
  }

  private static void delUser(Client c, byte[][] argv) {
    for (int i = 2; i < argv.length; i++) {
      if (latin1(argv[i]).equals(Users.DEFAULT)) {
        throw new CommandException("ERR The 'default' user cannot be removed");
      }
    }
    int deleted = 0;
    for (int i = 2; i < argv.length; i++) {
      User u = c.engine().users().delete(latin1(argv[i]));
      if (u != null) {
        AclClients.disconnect(c.engine().clients(), u, c);
        deleted++;
      }
    }
    c.reply().integer(deleted);
  }

  private static void getUser(Client c, byte[][] argv) {
    User u = c.engine().users().get(latin1(argv[2]));
    if (u == null) {
      c.reply().nullBulk();
      return;
    }
    List<String> flags = u.flags();
    c.reply().map(6);
    c.reply().bulk("flags");
    c.reply().set(flags.size());
    for (String f : flags) {
      c.reply().bulk(f);
    }
    c.reply().bulk("passwords");
    List<String> hashes = u.passwordHashes();
    c.reply().array(hashes.size());
    for (String h : hashes) {
      c.reply().bulk(h);
    }
    // The root selector's rules at the top level, the others under "selectors".
    List<String[]> selectors = describeSelectors(u);
    String[] root = selectors.get(0);
    writeSelector(c, root);
    c.reply().bulk("selectors");
    c.reply().array(selectors.size() - 1);
    for (String[] s : selectors.subList(1, selectors.size())) {
      c.reply().map(3);
      writeSelector(c, s);
    }
  }

  private static List<String[]> describeSelectors(User u) {
    List<String[]> out = new ArrayList<>();
    for (var s : u.selectors()) {
      out.add(new String[] {s.commandRules(), s.keysDescription(), s.channelsDescription()});
    }
    return out;
  }

  private static void writeSelector(Client c, String[] s) {
    c.reply().bulk("commands");
    c.reply().bulk(latin1(s[0]));
    c.reply().bulk("keys");
    c.reply().bulk(latin1(s[1]));
    c.reply().bulk("channels");
    c.reply().bulk(latin1(s[2]));
  }

  private static void list(Client c, byte[][] argv) {
    List<String> lines = c.engine().users().list();
    c.reply().array(lines.size());
    for (String line : lines) {
      c.reply().bulk(latin1(line));
    }
  }

  private static void users(Client c, byte[][] argv) {
    c.reply().array(c.engine().users().all().size());
    for (User u : c.engine().users().all()) {
      c.reply().bulk(latin1(u.name()));
    }
  }

  private static void whoami(Client c, byte[][] argv) {
    if (c.aclUser() == null) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(latin1(c.aclUser().name()));
    }
  }

  private static void cat(Client c, byte[][] argv) {
    if (argv.length == 2) {
      c.reply().array(MetadataVocabulary.ACL_CATEGORIES.size());
      for (String cat : MetadataVocabulary.ACL_CATEGORIES) {
        c.reply().bulk(cat);
      }
      return;
    }
    if (argv.length > 3) {
      throw subcommandSyntax(argv);
    }
    String category = latin1(argv[2]).toLowerCase(java.util.Locale.ROOT);
    if (!MetadataVocabulary.ACL_CATEGORIES.contains(category)) {
      String given = latin1(argv[2]);
      throw new CommandException(
          "ERR Unknown category '"
              + (given.length() > 128 ? given.substring(0, 128) : given)
              + "'");
    }
    var catalog = c.engine().users().catalog();
    List<String> names = new ArrayList<>();
    for (int id = 0; id < catalog.size(); id++) {
      CommandSpec spec = catalog.spec(id);
      if (spec.aclCategories().contains(category)) {
        names.add(spec.name());
      }
    }
    c.reply().array(names.size());
    for (String n : names) {
      c.reply().bulk(n);
    }
  }

  private static void genPass(Client c, byte[][] argv) {
    if (argv.length > 3) {
      throw subcommandSyntax(argv);
    }
    long bits = 256;
    if (argv.length == 3) {
      bits = Args.toLong(argv[2]);
    }
    if (bits <= 0 || bits > GENPASS_MAX_BITS) {
      throw new CommandException(
          "ERR ACL GENPASS argument must be the number of bits for the output password, a"
              + " positive number up to "
              + GENPASS_MAX_BITS);
    }
    int chars = (int) ((bits + 3) / 4);
    byte[] random = new byte[(chars + 1) / 2];
    RANDOM.nextBytes(random);
    c.reply().bulk(HexFormat.of().formatHex(random).substring(0, chars));
  }

  private static void log(Client c, byte[][] argv) {
    if (argv.length > 3) {
      throw subcommandSyntax(argv);
    }
    AclLog log = c.engine().aclLog();
    long count = 10;
    if (argv.length == 3) {
      if (Bytes.is(argv[2], "reset")) {
        log.reset();
        c.reply().ok();
        return;
      }
      count = Math.max(0, Args.toLong(argv[2]));
    }
    List<AclLog.Entry> entries = log.newest(count);
    long now = System.currentTimeMillis();
    c.reply().array(entries.size());
    for (AclLog.Entry e : entries) {
      c.reply().map(7);
      c.reply().bulk("count");
      c.reply().integer(e.count());
      c.reply().bulk("reason");
      c.reply().bulk(e.reason());
      c.reply().bulk("context");
      c.reply().bulk(e.context());
      c.reply().bulk("object");
      c.reply().bulk(e.object());
      c.reply().bulk("username");
      c.reply().bulk(latin1(e.username()));
      c.reply().bulk("age-seconds");
      c.reply().dbl((now - e.timeMs()) / 1000.0);
      c.reply().bulk("client-info");
      c.reply().bulk(e.clientInfo());
    }
  }

  private static void dryRun(Client c, byte[][] argv) {
    String name = latin1(argv[2]);
    User u = c.engine().users().get(name);
    if (u == null) {
      throw new CommandException("ERR User '" + name + "' not found");
    }
    byte[][] line = Arrays.copyOfRange(argv, 3, argv.length);
    CommandSpec spec = c.engine().commands().lookup(line[0]);
    if (spec != null && spec.isContainer() && line.length > 1) {
      spec = spec.subcommands().get(Bytes.lower(line[1]));
    }
    if (spec == null) {
      throw new CommandException("ERR Command '" + latin1(argv[3]) + "' not found");
    }
    if (!spec.arityAccepts(line.length)) {
      throw new CommandException("ERR wrong number of arguments for '" + spec.name() + "' command");
    }
    Denial d = PermissionCheck.check(u, spec, line);
    if (d == null) {
      c.reply().ok();
    } else {
      c.reply().bulk(latin1(d.dryRunMessage(spec.name(), line)));
    }
  }

  private static void help(Client c, byte[][] argv) {
    List<String> lines =
        List.of(
            "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CAT [<category>]",
            "    The categories, or the commands of one category.",
            "DELUSER <username> [<username> ...]",
            "    Delete users; their connections are closed.",
            "DRYRUN <username> <command> [<arg> ...]",
            "    Whether the user could run the command, without running it.",
            "GETUSER <username>",
            "    The user's flags, passwords (hashed) and permissions.",
            "GENPASS [<bits>]",
            "    A random password of 256 bits, or of the given size.",
            "LIST",
            "    Every user as a configuration line.",
            "LOAD",
            "    Replace the users with the ACL file's.",
            "LOG [<count> | RESET]",
            "    The recent refusals, or clear them.",
            "SAVE",
            "    Write the users to the ACL file.",
            "SETUSER <username> <attribute> [<attribute> ...]",
            "    Create a user or change its rules.",
            "USERS",
            "    The user names.",
            "WHOAMI",
            "    This connection's user.",
            "HELP",
            "    Prints this help.");
    c.reply().array(lines.size());
    for (String line : lines) {
      c.reply().simple(line);
    }
  }

  static CommandException subcommandSyntax(byte[][] argv) {
    return new CommandException(
        "ERR unknown subcommand or wrong number of arguments for '"
            + latin1(argv[1])
            + "'. Try ACL HELP.");
  }
}
