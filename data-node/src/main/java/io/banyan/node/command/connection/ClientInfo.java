package io.banyan.node.command.connection;

import io.banyan.node.client.Client;
import io.banyan.node.client.ClientState;

/**
 * The one-line description of a connection that CLIENT LIST and CLIENT INFO print, with Redis 7.0's
 * fields in Redis's order. Buffer figures are this node's: the query buffer of the connection
 * running the command is its request, replies pending in the reply writer count as the output
 * buffer, and Netty's queued writes as the output list.
 */
public final class ClientInfo {
  private ClientInfo() {}

  /** Redis's read buffer size and peak for an idle connection. */
  private static final int READ_BUFFER = 16 * 1024;

  /** Query buffer capacity reported for the connection whose request is being processed. */
  private static final int QUERY_BUFFER = 20474;

  /** Fixed per-connection bookkeeping, as Redis counts its client structure. */
  private static final int CLIENT_OVERHEAD = 790;

  /**
   * @param c the connection described
   * @param caller the connection running CLIENT LIST/INFO
   * @param currentCommand the command being run by the caller ({@code client|list})
   * @param currentArgv the caller's request
   */
  public static String line(Client c, Client caller, String currentCommand, byte[][] currentArgv) {
    long now = System.currentTimeMillis();
    boolean self = c == caller;
    long qbuf = self ? requestBytes(currentArgv) : 0;
    long qbufFree = self ? Math.max(0, QUERY_BUFFER - qbuf) : 0;
    long argvMem = self ? argvBytes(currentArgv) : 0;
    long multiMem = 0;
    for (Client.QueuedCommand q : c.queued()) {
      multiMem += argvBytes(q.argv());
    }
    long obl = c.reply().pendingBytes();
    long oll = c.connection().pendingOutboundBuffers();
    long omem = obl + c.connection().pendingOutboundBytes();
    long total = qbuf + qbufFree + argvMem + multiMem + READ_BUFFER + omem + CLIENT_OVERHEAD;
    StringBuilder sb = new StringBuilder(256);
    sb.append("id=").append(c.id());
    sb.append(" addr=").append(c.remoteAddress());
    sb.append(" laddr=").append(c.localAddress());
    sb.append(" fd=").append(c.connection().fd());
    sb.append(" name=").append(c.name() == null ? "" : c.name());
    sb.append(" age=").append((now - c.createdMs()) / 1000);
    sb.append(" idle=").append(self ? 0 : (now - c.lastInteractionMs()) / 1000);
    sb.append(" flags=").append(flags(c));
    sb.append(" db=").append(c.db().index());
    sb.append(" sub=").append(c.channels().size());
    sb.append(" psub=").append(c.patterns().size());
    sb.append(" ssub=0");
    sb.append(" multi=").append(c.inMulti() ? c.queued().size() : -1);
    sb.append(" qbuf=").append(qbuf);
    sb.append(" qbuf-free=").append(qbufFree);
    sb.append(" argv-mem=").append(argvMem);
    sb.append(" multi-mem=").append(multiMem);
    sb.append(" rbs=").append(READ_BUFFER);
    sb.append(" rbp=").append(READ_BUFFER);
    sb.append(" obl=").append(obl);
    sb.append(" oll=").append(oll);
    sb.append(" omem=").append(omem);
    sb.append(" tot-mem=").append(total);
    sb.append(" events=").append(omem > 0 ? "rw" : "r");
    sb.append(" cmd=").append(self ? currentCommand : c.lastCommand());
    sb.append(" user=").append(c.user());
    sb.append(" redir=-1");
    sb.append(" resp=").append(c.reply().protocol());
    return sb.toString();
  }

  /**
   * Flag letters in Redis's order: O monitor, S replica, M master, P subscriber, x in MULTI, b
   * blocked, d a WATCHed key changed, c closing after the reply, e no-evict, T no-touch; N when
   * none applies.
   */
  static String flags(Client c) {
    StringBuilder f = new StringBuilder(4);
    if (c.isMonitor()) {
      f.append('O');
    } else if (c.isReplica()) {
      f.append('S');
    }
    if (c.isMaster()) {
      f.append('M');
    }
    if (c.subscriptionCount() > 0) {
      f.append('P');
    }
    if (c.inMulti()) {
      f.append('x');
    }
    if (c.state() == ClientState.BLOCKED) {
      f.append('b');
    }
    if (c.watchedKeyTouched()) {
      f.append('d');
    }
    if (c.closing()) {
      f.append('c');
    }
    if (c.noEvict()) {
      f.append('e');
    }
    if (c.noTouch()) {
      f.append('T');
    }
    return f.isEmpty() ? "N" : f.toString();
  }

  /** Redis's client type: master, replica, pubsub or normal (MONITOR clients are normal). */
  static String type(Client c) {
    if (c.isMaster()) {
      return "master";
    }
    if (c.isReplica() && !c.isMonitor()) {
      return "replica";
    }
    return c.subscriptionCount() > 0 ? "pubsub" : "normal";
  }

  private static long argvBytes(byte[][] argv) {
    long n = 0;
    for (byte[] a : argv) {
      n += a.length;
    }
    return n;
  }

  /** The size of the request as a RESP multibulk. */
  private static long requestBytes(byte[][] argv) {
    long n = 3 + Integer.toString(argv.length).length();
    for (byte[] a : argv) {
      n += 5 + Integer.toString(a.length).length() + a.length;
    }
    return n;
  }
}
