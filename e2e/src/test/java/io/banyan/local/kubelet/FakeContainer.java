package io.banyan.local.kubelet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test container the kubelet stand-in runs as a process (see {@link TestPods#fakePod}): an HTTP
 * server on the pod's address whose {@code /startz}, {@code /livez} and {@code /readyz} answer with
 * settable status codes ({@code /set?livez=500}), a {@code preStop} endpoint and a file an exec
 * probe can test ({@code healthy}, in its working directory; {@code /set?file=absent}). It prints
 * what happens to it — {@code started}, {@code prestop-http}, {@code SIGTERM} — to its log, so
 * tests can see the order in which the kubelet did things. Options: {@code --ip}, {@code --port},
 * {@code --start-delay-ms} (listen only after that: a slow start), {@code --term-delay-ms} (time to
 * exit after SIGTERM) or {@code --ignore-term} (never exit on it), and initial codes {@code
 * --startz/--livez/--readyz CODE}.
 */
public final class FakeContainer {
  private static final Map<String, Integer> codes = new ConcurrentHashMap<>();

  private FakeContainer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--ignore-term")) {
        opt.put("ignore-term", "true");
      } else {
        opt.put(args[i].substring(2), args[++i]);
      }
    }
    for (String probe : new String[] {"startz", "livez", "readyz"}) {
      codes.put(probe, Integer.parseInt(opt.getOrDefault(probe, "200")));
    }
    boolean ignoreTerm = opt.containsKey("ignore-term");
    long termDelay = Long.parseLong(opt.getOrDefault("term-delay-ms", "0"));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  say("SIGTERM");
                  try {
                    // The container's own shutdown behaviour, not a synchronisation.
                    Thread.sleep(ignoreTerm ? Long.MAX_VALUE : termDelay);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    Path healthy = Path.of("healthy");
    Files.writeString(healthy, "ok");
    Thread.sleep(Long.parseLong(opt.getOrDefault("start-delay-ms", "0"))); // a slow start
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(
                opt.getOrDefault("ip", "127.0.0.1"), Integer.parseInt(opt.get("port"))),
            64);
    for (String probe : new String[] {"startz", "livez", "readyz"}) {
      server.createContext("/" + probe, ex -> reply(ex, codes.get(probe), probe));
    }
    server.createContext(
        "/set",
        ex -> {
          String query = ex.getRequestURI().getQuery();
          for (String kv : query == null ? new String[0] : query.split("&")) {
            String[] p = kv.split("=", 2);
            if (p[0].equals("file")) {
              if (p[1].equals("absent")) {
                Files.deleteIfExists(healthy);
              } else {
                Files.writeString(healthy, "ok");
              }
            } else {
              codes.put(p[0], Integer.parseInt(p[1]));
            }
          }
          reply(ex, 200, "ok");
        });
    server.createContext(
        "/prestop",
        ex -> {
          say("prestop-http");
          reply(ex, 200, "ok");
        });
    server.start();
    say("started");
  }

  private static void reply(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
