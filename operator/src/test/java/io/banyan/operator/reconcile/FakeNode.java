package io.banyan.operator.reconcile;

import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.testing.RespStub;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in data node for tests against the mock API server: a RESP endpoint on a loopback address
 * and the data node's port (run inside the isolated network namespace) that answers INFO
 * replication as a master and takes BANYAN PROMOTE/ADMIT/FENCE, CONFIG SET and REPLICAOF with +OK,
 * counting the INFO probes it receives; after REPLICAOF it reports being that node's replica. With
 * {@link #requirepass} set it wants AUTH first, per connection, as Redis does ({@code NOAUTH} /
 * {@code WRONGPASS}), and {@code CONFIG SET} changes it and the other options it records in {@link
 * #config}.
 */
final class FakeNode implements AutoCloseable {
  private final RespStub stub;
  final AtomicInteger probes = new AtomicInteger();
  private volatile long epoch;
  private volatile boolean fenced = true;
  volatile String requirepass;

  /** The master it replicates from (REPLICAOF); null while it is a master. */
  private volatile String masterHost;

  /** When set, CONFIG SET answers this error instead of applying (a node that cannot be told). */
  volatile String configSetError;

  /** CONFIG SET commands refused because of {@link #configSetError}. */
  final AtomicInteger configSetRefused = new AtomicInteger();

  /** Options changed with CONFIG SET. */
  final Map<String, String> config = new ConcurrentHashMap<>();

  FakeNode(String ip) throws IOException {
    stub = RespStub.start(InetAddress.getByName(ip), NodeConnector.PORT, this::session);
  }

  private RespStub.Session session() {
    boolean[] authenticated = {false};
    return command -> {
      String name = command.get(0).toUpperCase();
      String password = requirepass;
      if (name.equals("AUTH")) {
        authenticated[0] = password != null && password.equals(command.get(command.size() - 1));
        return authenticated[0]
            ? "+OK\r\n"
            : password == null
                ? "-ERR AUTH called without any password configured\r\n"
                : "-WRONGPASS invalid username-password pair\r\n";
      }
      if (password != null && !authenticated[0]) {
        return "-NOAUTH Authentication required.\r\n";
      }
      return answer(command);
    };
  }

  private String answer(List<String> command) {
    String name = command.get(0).toUpperCase();
    if (name.equals("CONFIG") && command.get(1).equalsIgnoreCase("GET")) {
      return "*0\r\n"; // knows no option: the live configuration leaves it alone
    }
    if (name.equals("CONFIG") && command.size() == 4) {
      String error = configSetError;
      if (error != null) {
        configSetRefused.incrementAndGet();
        return "-ERR " + error + "\r\n";
      }
      config.put(command.get(2), command.get(3));
      if (command.get(2).equals("requirepass")) {
        requirepass = command.get(3);
      }
      return "+OK\r\n";
    }
    if (name.equals("INFO")) {
      probes.incrementAndGet();
      String master = masterHost;
      String role =
          master == null
              ? "role:master\r\nconnected_slaves:0\r\n"
              : "role:slave\r\nmaster_host:"
                  + master
                  + "\r\nmaster_port:"
                  + NodeConnector.PORT
                  + "\r\nmaster_link_status:up\r\nslave_repl_offset:0\r\n";
      return RespStub.bulk(
          "# Replication\r\n"
              + role
              + "master_replid:0123456789012345678901234567890123456789\r\n"
              + "master_repl_offset:0\r\n"
              + "banyan_fenced:"
              + (fenced ? 1 : 0)
              + "\r\nbanyan_epoch:"
              + epoch
              + "\r\n");
    }
    if (name.equals("REPLICAOF") && command.size() == 3) {
      masterHost = command.get(1).equalsIgnoreCase("NO") ? null : command.get(1);
    }
    if (name.equals("BANYAN") && command.size() == 3) {
      String sub = command.get(1).toUpperCase();
      epoch = Math.max(epoch, Long.parseLong(command.get(2)));
      fenced = sub.equals("FENCE");
      if (sub.equals("PROMOTE")) {
        masterHost = null;
      }
    }
    return "+OK\r\n";
  }

  @Override
  public void close() throws IOException {
    stub.close();
  }
}
