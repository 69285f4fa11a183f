package io.banyan.operator.reconcile;

import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.testing.RespStub;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in data node for tests against the mock API server: a RESP endpoint on a loopback address
 * and the data node's port (run inside the isolated network namespace) that answers INFO
 * replication as a master and takes BANYAN PROMOTE/ADMIT/FENCE, CONFIG SET and REPLICAOF with +OK,
 * counting the INFO probes it receives.
 */
final class FakeNode implements AutoCloseable {
  private final RespStub stub;
  final AtomicInteger probes = new AtomicInteger();
  private volatile long epoch;
  private volatile boolean fenced = true;

  FakeNode(String ip) throws IOException {
    stub = RespStub.start(InetAddress.getByName(ip), NodeConnector.PORT, () -> this::answer);
  }

  private String answer(List<String> command) {
    String name = command.get(0).toUpperCase();
    if (name.equals("INFO")) {
      probes.incrementAndGet();
      return RespStub.bulk(
          "# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_replid:"
              + "0123456789012345678901234567890123456789\r\nmaster_repl_offset:0\r\n"
              + "banyan_fenced:"
              + (fenced ? 1 : 0)
              + "\r\nbanyan_epoch:"
              + epoch
              + "\r\n");
    }
    if (name.equals("BANYAN") && command.size() == 3) {
      String sub = command.get(1).toUpperCase();
      epoch = Math.max(epoch, Long.parseLong(command.get(2)));
      fenced = sub.equals("FENCE");
    }
    return "+OK\r\n";
  }

  @Override
  public void close() throws IOException {
    stub.close();
  }
}
