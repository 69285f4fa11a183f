package io.banyan.node.server;

import io.banyan.node.log.ServerLog;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Binds a port on the addresses of the {@code bind} option, with redis.conf's syntax: {@code *} is
 * every IPv4 address, {@code ::*} every IPv6 one, and a leading {@code -} makes an address optional
 * (skipped when it cannot be bound, e.g. {@code -::*} on a host without IPv6).
 *
 * <p>Redis binds IPv6 sockets IPv6-only, so {@code * -::*} is two sockets. Java cannot set
 * IPV6_V6ONLY, and its IPv6 sockets accept IPv4 too: the IPv6 wildcard is bound first and, once it
 * is, the other addresses are already served by it and are skipped (binding them would fail with
 * "address in use"). IPv4 clients of such a socket still show as IPv4 addresses. With port 0 (any
 * free port, for tests) every address gets the port the first bind got.
 */
public final class Listeners {
  private Listeners() {}

  private record Address(String text, boolean optional, InetSocketAddress socket) {
    boolean ipv6Wildcard() {
      return socket.getAddress() instanceof Inet6Address && socket.getAddress().isAnyLocalAddress();
    }
  }

  /**
   * Binds {@code port} on each address; returns the listening channels.
   *
   * @throws IllegalStateException naming the address when a mandatory one cannot be bound, or when
   *     none could
   */
  public static List<Channel> bind(
      ServerBootstrap b, List<String> bind, int port, ServerLog log, String what) {
    List<Address> addresses = new ArrayList<>();
    for (String entry : bind) {
      boolean optional = entry.startsWith("-");
      String host = optional ? entry.substring(1) : entry;
      addresses.add(new Address(host, optional, socketAddress(host, 0)));
    }
    addresses.sort(Comparator.comparing(a -> !a.ipv6Wildcard()));
    List<Channel> bound = new ArrayList<>();
    boolean dualStackWildcard = false;
    for (Address a : addresses) {
      if (dualStackWildcard) {
        log.verbose(what + ": " + a.text() + " is served by the IPv6 wildcard listener");
        continue;
      }
      InetSocketAddress at = new InetSocketAddress(a.socket().getAddress(), port);
      try {
        Channel ch = b.bind(at).sync().channel();
        bound.add(ch);
        dualStackWildcard = a.ipv6Wildcard();
        port = ((InetSocketAddress) ch.localAddress()).getPort();
      } catch (Exception e) {
        if (a.optional()) {
          log.verbose("Skipping optional " + what + " bind address " + a.text() + ": " + e);
          continue;
        }
        bound.forEach(Channel::close);
        throw new IllegalStateException(
            "Could not bind " + what + " to " + a.text() + ":" + port + ": " + e.getMessage(), e);
      }
    }
    if (bound.isEmpty()) {
      throw new IllegalStateException("No bind address could be used for " + what + ": " + bind);
    }
    return bound;
  }

  private static InetSocketAddress socketAddress(String host, int port) {
    return switch (host) {
      case "*" -> new InetSocketAddress("0.0.0.0", port);
      case "::*" -> new InetSocketAddress("::", port);
      default -> new InetSocketAddress(host, port);
    };
  }
}
