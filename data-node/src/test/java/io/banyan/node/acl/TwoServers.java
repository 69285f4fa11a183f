package io.banyan.node.acl;

import io.banyan.node.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Sends the same commands, from named connections, to redis-server 7.0 and to a Banyan node, and
 * gives both replies in a comparable form. The one normalisation is that of what legitimately
 * differs: ACL LOG's age and client line, GENPASS's random output, and the order of single commands
 * in a rule description (Redis lists them in its hash table's order).
 */
final class TwoServers implements AutoCloseable {
  private final IntFunction<RespClient> redis;
  private final IntFunction<RespClient> banyan;
  private final int redisPort;
  private final int banyanPort;
  private final Map<String, RespClient[]> connections = new HashMap<>();

  TwoServers(int redisPort, int banyanPort) {
    this.redisPort = redisPort;
    this.banyanPort = banyanPort;
    this.redis = p -> new RespClient("127.0.0.1", p);
    this.banyan = redis;
  }

  private RespClient[] connection(String name) {
    return connections.computeIfAbsent(
        name, n -> new RespClient[] {redis.apply(redisPort), banyan.apply(banyanPort)});
  }

  /** Both replies, normalised: [redis, banyan]. */
  Object[] call(String conn, String... args) {
    RespClient[] c = connection(conn);
    Object[] argv = Arrays.copyOf(args, args.length, Object[].class);
    return new Object[] {normalize(c[0].call(argv), args), normalize(c[1].call(argv), args)};
  }

  /** Whether the server closed the named connection (after DELUSER, ACL LOAD, lost channels). */
  boolean[] closed(String conn) {
    RespClient[] c = connections.remove(conn);
    if (c == null) {
      return new boolean[] {false, false};
    }
    boolean[] out = {c[0].isClosedByServer(), c[1].isClosedByServer()};
    c[0].close();
    c[1].close();
    return out;
  }

  void closeConnection(String conn) {
    RespClient[] c = connections.remove(conn);
    if (c != null) {
      c[0].close();
      c[1].close();
    }
  }

  static Object normalize(Object reply, String[] args) {
    String command = String.join(" ", args).toLowerCase(java.util.Locale.ROOT);
    if (command.startsWith("acl genpass") && reply instanceof byte[] b) {
      return "genpass of length " + b.length;
    }
    boolean log = command.startsWith("acl log");
    return plain(reply, log);
  }

  private static Object plain(Object reply, boolean aclLog) {
    if (reply instanceof byte[] b) {
      String s = new String(b, StandardCharsets.ISO_8859_1);
      return sortSingleCommands(s);
    }
    if (reply instanceof RespClient.Err e) {
      return "error: " + e.message();
    }
    if (reply instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        Object item = plain(list.get(i), aclLog);
        if (aclLog
            && i > 0
            && ("age-seconds".equals(out.get(i - 1)) || "client-info".equals(out.get(i - 1)))) {
          item = "(varies)";
        }
        out.add(item);
      }
      return out;
    }
    return reply;
  }

  /**
   * A rule description ({@code -@all +@read +get -set}) with its single-command rules sorted: which
   * rules appear is compared, not Redis's hash-table order.
   */
  static String sortSingleCommands(String s) {
    if (!s.startsWith("+@all") && !s.startsWith("-@all") && !s.startsWith("user ")) {
      return s;
    }
    List<String> words = new ArrayList<>(List.of(s.split(" ")));
    List<String> categories = new ArrayList<>();
    List<String> singles = new ArrayList<>();
    for (String w : words) {
      boolean single =
          w.length() > 1 && (w.charAt(0) == '+' || w.charAt(0) == '-') && w.charAt(1) != '@';
      (single ? singles : categories).add(w);
    }
    singles.sort(null);
    categories.addAll(singles);
    return String.join(" ", categories);
  }

  @Override
  public void close() {
    for (RespClient[] c : connections.values()) {
      c[0].close();
      c[1].close();
    }
    connections.clear();
  }
}
