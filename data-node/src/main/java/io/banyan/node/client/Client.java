package io.banyan.node.client;

import io.banyan.node.acl.User;
import io.banyan.node.acl.Users;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.engine.DbKey;
import io.banyan.node.engine.Engine;
import io.banyan.node.pubsub.ChannelName;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.Database;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One client connection's session: selected database, protocol version, authentication,
 * transaction, subscriptions, blocking state, and the buffer its replies accumulate in.
 *
 * <p>Confined to the command-execution thread (the connection's event loop); nothing here is
 * synchronised.
 */
public final class Client {
  private final long id;
  private final Engine engine;
  private final Connection connection;
  private final Reply reply;
  private final long createdMs;

  private Database db;
  private boolean authenticated;
  private String name;

  /** The ACL user; null for the node's own clients (master link, AOF loading): no ACL applies. */
  private User user;

  private long lastInteractionMs;
  private String lastCommand = "NULL";
  private boolean closing;

  /** Set while the client may not run commands (blocked or paused); requests queue here. */
  private final ArrayDeque<byte[][]> pendingRequests = new ArrayDeque<>();

  private ClientState state = ClientState.NORMAL;
  private Object blockedOn;
  private boolean noTouch;
  private boolean noEvict;
  private boolean monitor;
  private boolean replica;
  private boolean master;

  // ---- transaction ---------------------------------------------------------------------------
  private boolean inMulti;
  private boolean executing;
  private boolean multiAborted;
  private boolean watchedKeyTouched;
  private final List<QueuedCommand> queued = new ArrayList<>();
  private final Set<DbKey> watchedKeys = new HashSet<>();

  // ---- pub/sub -------------------------------------------------------------------------------
  private final Set<ChannelName> channels = new java.util.LinkedHashSet<>();
  private final Set<ChannelName> patterns = new java.util.LinkedHashSet<>();
  private final Set<ChannelName> shardChannels = new java.util.LinkedHashSet<>();

  // ---- CLIENT REPLY ------------------------------------------------------------------------
  private boolean repliesOff;
  private boolean skipNextReply;
  private boolean skippingReply;

  // ---- propagation of this command's effects -------------------------------------------------
  private List<byte[][]> propagateAs;
  private long writeOffset;
  private long replicationOffset;

  // ---- replies held by the engine's reply barrier (appendfsync always) -------------------------
  private int heldReplies;
  private boolean closeAfterHeld;

  /** A command queued inside MULTI. */
  public record QueuedCommand(CommandSpec spec, byte[][] argv) {}

  public Client(long id, Engine engine, Connection connection, Database db) {
    this.id = id;
    this.engine = engine;
    this.connection = connection;
    this.reply = new Reply(connection.alloc());
    this.reply.setErrorListener(engine.errorStats()::record);
    this.db = db;
    this.createdMs = System.currentTimeMillis();
    this.lastInteractionMs = createdMs;
    Users users = engine.users();
    this.user = users == null ? null : users.defaultUser();
    this.authenticated = users == null || !users.authRequired();
  }

  public long id() {
    return id;
  }

  public Engine engine() {
    return engine;
  }

  /** The transport carrying this client's requests and replies. */
  public Connection connection() {
    return connection;
  }

  public Reply reply() {
    return reply;
  }

  public Database db() {
    return db;
  }

  public void selectDb(Database db) {
    this.db = db;
  }

  public long createdMs() {
    return createdMs;
  }

  public boolean authenticated() {
    return authenticated;
  }

  /** Signs the client in as the user (AUTH, HELLO AUTH). */
  public void signIn(User user) {
    this.authenticated = true;
    this.user = user;
  }

  /**
   * Back to the default user, authenticated only when it needs no password (RESET; and a deleted
   * user's clients, which are being closed, so they can no longer act as that user).
   */
  public void signOut() {
    Users users = engine.users();
    this.user = users == null ? null : users.defaultUser();
    this.authenticated = users == null || !users.authRequired();
  }

  /** Runs the client as the node itself: every ACL check passes (master link, AOF loading). */
  public void runAsSuperuser() {
    this.user = null;
    this.authenticated = true;
  }

  /** The ACL user, null for a superuser client. */
  public User aclUser() {
    return user;
  }

  /** The user's name as CLIENT LIST shows it. */
  public String user() {
    return user == null ? "(superuser)" : user.name();
  }

  public String name() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public long lastInteractionMs() {
    return lastInteractionMs;
  }

  public void markInteraction(long nowMs) {
    this.lastInteractionMs = nowMs;
  }

  public String lastCommand() {
    return lastCommand;
  }

  public void setLastCommand(String lastCommand) {
    this.lastCommand = lastCommand;
  }

  /**
   * Whether the client connects from this host (a loopback address, or not over IP): what
   * enable-debug-command and enable-protected-configs "local" allow.
   */
  public boolean isLocal() {
    return !(connection.remoteAddress() instanceof InetSocketAddress a)
        || (a.getAddress() != null && a.getAddress().isLoopbackAddress());
  }

  public String remoteAddress() {
    return format(connection.remoteAddress());
  }

  public String localAddress() {
    return format(connection.localAddress());
  }

  /** The peer's IP address alone, as Redis prints it ({@code 10.0.0.7}, {@code ::1}). */
  public String remoteIp() {
    return connection.remoteAddress() instanceof InetSocketAddress in ? ip(in) : remoteAddress();
  }

  /** {@code ip:port}, with an IPv6 address in brackets ({@code [::1]:6379}), as Redis's. */
  private static String format(java.net.SocketAddress a) {
    if (a instanceof InetSocketAddress in) {
      String ip = ip(in);
      return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + in.getPort();
    }
    return String.valueOf(a);
  }

  /** The address in its canonical text form (RFC 5952 for IPv6: {@code ::1}, as inet_ntop). */
  private static String ip(InetSocketAddress in) {
    return in.getAddress() != null
        ? io.netty.util.NetUtil.toAddressString(in.getAddress())
        : in.getHostString();
  }

  // ---- flags ---------------------------------------------------------------------------------

  public boolean noTouch() {
    return noTouch;
  }

  public void setNoTouch(boolean noTouch) {
    this.noTouch = noTouch;
  }

  public boolean noEvict() {
    return noEvict;
  }

  public void setNoEvict(boolean noEvict) {
    this.noEvict = noEvict;
  }

  public boolean isMonitor() {
    return monitor;
  }

  public void setMonitor(boolean monitor) {
    this.monitor = monitor;
  }

  public boolean isReplica() {
    return replica;
  }

  public void setReplica(boolean replica) {
    this.replica = replica;
  }

  public boolean isMaster() {
    return master;
  }

  public void setMaster(boolean master) {
    this.master = master;
  }

  // ---- blocking and pausing ------------------------------------------------------------------

  public ClientState state() {
    return state;
  }

  /** What the client is blocked on, owned by the service that blocked it. */
  public Object blockedOn() {
    return blockedOn;
  }

  public void setState(ClientState state, Object blockedOn) {
    this.state = state;
    this.blockedOn = blockedOn;
  }

  public ArrayDeque<byte[][]> pendingRequests() {
    return pendingRequests;
  }

  // ---- transactions --------------------------------------------------------------------------

  public boolean inMulti() {
    return inMulti;
  }

  public void setInMulti(boolean inMulti) {
    this.inMulti = inMulti;
  }

  /** True while EXEC runs the queued commands: blocking commands must not block. */
  public boolean executingTransaction() {
    return executing;
  }

  public void setExecutingTransaction(boolean executing) {
    this.executing = executing;
  }

  public boolean multiAborted() {
    return multiAborted;
  }

  public void setMultiAborted(boolean aborted) {
    this.multiAborted = aborted;
  }

  public boolean watchedKeyTouched() {
    return watchedKeyTouched;
  }

  public void setWatchedKeyTouched(boolean touched) {
    this.watchedKeyTouched = touched;
  }

  public List<QueuedCommand> queued() {
    return queued;
  }

  public Set<DbKey> watchedKeys() {
    return watchedKeys;
  }

  // ---- pub/sub -------------------------------------------------------------------------------

  public Set<ChannelName> channels() {
    return channels;
  }

  public Set<ChannelName> patterns() {
    return patterns;
  }

  /** Shard channels (SSUBSCRIBE). */
  public Set<ChannelName> shardChannels() {
    return shardChannels;
  }

  /** All subscriptions: channels, patterns and shard channels. */
  public int subscriptionCount() {
    return channels.size() + patterns.size() + shardChannels.size();
  }

  /** RESP2 clients with subscriptions may only run subscription commands, PING, QUIT, RESET. */
  public boolean inPubSubContext() {
    return subscriptionCount() > 0 && !reply.resp3();
  }

  // ---- CLIENT REPLY ON|OFF|SKIP --------------------------------------------------------------

  /** CLIENT REPLY OFF (true) or ON (false); ON also cancels a pending SKIP. */
  public void setRepliesOff(boolean off) {
    repliesOff = off;
    if (!off) {
      skipNextReply = false;
      skippingReply = false;
    }
    reply.setMuted(repliesOff || skippingReply);
  }

  /** CLIENT REPLY SKIP: the reply of the next command is dropped (nothing to do while OFF). */
  public void skipNextReply() {
    if (!repliesOff) {
      skipNextReply = true;
    }
  }

  /** Called after each top-level command: a pending SKIP now applies to the next command. */
  public void commandDone() {
    skippingReply = skipNextReply;
    skipNextReply = false;
    reply.setMuted(repliesOff || skippingReply);
  }

  // ---- propagation ---------------------------------------------------------------------------

  /**
   * Replaces what the current command propagates to the AOF and replicas (Redis's alsoPropagate
   * with the original suppressed): e.g. SET ... EX becomes SET ... PXAT, BLPOP becomes LPOP. May be
   * called several times to propagate several commands.
   */
  public void propagateAs(byte[]... argv) {
    if (propagateAs == null) {
      propagateAs = new ArrayList<>(2);
    }
    propagateAs.add(argv);
  }

  /** The end of the write stream after this client's last write (what WAITAOF waits for). */
  public long writeOffset() {
    return writeOffset;
  }

  /** Records that this client's command just propagated a write ending at {@code offset}. */
  public void setWriteOffset(long offset) {
    this.writeOffset = offset;
  }

  /**
   * The replication offset after this client's last write (what WAIT waits for replicas to
   * acknowledge); the AOF's {@link #writeOffset} counts in another space.
   */
  public long replicationOffset() {
    return replicationOffset;
  }

  public void setReplicationOffset(long offset) {
    this.replicationOffset = offset;
  }

  /** Takes the propagation override of the command just run, or null to propagate it as is. */
  public List<byte[][]> takePropagation() {
    List<byte[][]> p = propagateAs;
    propagateAs = null;
    return p;
  }

  // ---- output --------------------------------------------------------------------------------

  private boolean closeWhenUnblocked;

  public boolean closing() {
    return closing;
  }

  /**
   * Writes pending replies to the socket, unless the engine's reply barrier holds them until the
   * writes they acknowledge are durable.
   */
  public void flush() {
    ByteBuf b = reply.take();
    if (b != null) {
      if (closing || !connection.isOpen()) {
        b.release();
        return;
      }
      io.banyan.node.engine.ReplyBarrier barrier = engine.replyBarrier();
      if (barrier != null && barrier.hold(this, b)) {
        heldReplies++;
        return;
      }
      send(b);
    }
  }

  private void send(ByteBuf b) {
    engine.stats().addOutputBytes(b.readableBytes());
    connection.writeAndFlush(b);
    // Checked on every send, as Redis checks on every reply: the soft limit's timer must also see
    // the moments the client is back under it.
    if (overOutputLimit()) {
      closeForOutputLimit();
    }
  }

  /** Most an unauthenticated client may have pending (Redis: 1024 bytes, then it is closed). */
  static final long UNAUTHENTICATED_OUTPUT_LIMIT = 1024;

  private long overSoftLimitSinceMs = -1;

  /**
   * Whether this client's pending output (reply buffer plus the socket's queue) is over what it may
   * hold: 1 KB while it is not authenticated, else its class's client-output-buffer-limit (pubsub
   * while it has subscriptions, normal otherwise; a hard limit at once, a soft one once exceeded
   * for longer than its seconds). Replicas and the master link are judged by the replication layer.
   * A client holding a large share of the node's direct memory while that memory runs short is over
   * too, whatever its class allows: the limits are per client, and a handful of clients at a limit
   * that fits the node's memory once would otherwise exhaust it together.
   */
  public boolean overOutputLimit() {
    if (closing || replica || master) {
      return false;
    }
    long pending = pendingOutputBytes();
    if (!authenticated && engine.authRequired()) {
      return pending > UNAUTHENTICATED_OUTPUT_LIMIT;
    }
    if (OutputMemory.scarceFor(pending)) {
      return true;
    }
    long[] limit =
        subscriptionCount() > 0
            ? engine.config().outputLimitPubsub
            : engine.config().outputLimitNormal;
    return overLimit(limit, pending);
  }

  /**
   * Closes the client, as Redis does, once it is {@link #overOutputLimit() over its output limit}:
   * a client that asks but never reads cannot grow the node's memory without bound.
   */
  public void closeForOutputLimit() {
    engine
        .log()
        .warning(
            "Client id="
                + id
                + " addr="
                + remoteAddress()
                + " name="
                + (name == null ? "" : name)
                + " scheduled to be closed ASAP for overcoming of output buffer limits.");
    closeNow();
  }

  private boolean overLimit(long[] limit, long pending) {
    long hard = limit[0];
    long soft = limit[1];
    if (hard > 0 && pending >= hard) {
      return true;
    }
    if (soft > 0 && pending >= soft) {
      long now = engine.nowMs();
      if (overSoftLimitSinceMs < 0) {
        overSoftLimitSinceMs = now;
        return false;
      }
      return now - overSoftLimitSinceMs > limit[2] * 1000;
    }
    overSoftLimitSinceMs = -1;
    return false;
  }

  /**
   * Bytes written for this client and not yet sent: its reply buffer plus what the connection
   * queues for the socket (CLIENT LIST's omem).
   */
  public long pendingOutputBytes() {
    return reply.pendingBytes() + connection.pendingOutboundBytes();
  }

  /** Whether the reply barrier still holds replies of this client (later ones queue behind). */
  public boolean hasHeldReplies() {
    return heldReplies > 0;
  }

  /**
   * Sends a reply the barrier held; after the last one, closes the connection if QUIT (or another
   * close-after-reply) came meanwhile.
   */
  public void releaseHeld(ByteBuf b) {
    heldReplies--;
    if (!connection.isOpen() || (closing && !closeAfterHeld)) {
      b.release();
    } else {
      send(b);
    }
    if (heldReplies == 0 && closeAfterHeld) {
      closeAfterHeld = false;
      connection.close();
    }
  }

  private boolean flushScheduled;

  /**
   * Flushes at the end of the current event-loop task; for replies to clients other than the
   * caller.
   */
  public void flushSoon() {
    if (!flushScheduled) {
      flushScheduled = true;
      connection.execute(
          () -> {
            flushScheduled = false;
            flush();
          });
    }
  }

  /** Whether the connection closes once the client's current wait (WAIT, WAITAOF) is answered. */
  public boolean closeWhenUnblocked() {
    return closeWhenUnblocked;
  }

  public void setCloseWhenUnblocked() {
    this.closeWhenUnblocked = true;
  }

  /** Flushes what is pending, then closes the connection (QUIT, protocol errors, KILL). */
  public void closeAfterReply() {
    flush();
    closing = true;
    if (heldReplies > 0) {
      closeAfterHeld = true; // the barrier's release sends them, then closes
    } else {
      connection.close();
    }
  }

  /** Closes at once, dropping unsent replies. */
  public void closeNow() {
    closing = true;
    closeAfterHeld = false;
    reply.discard();
    connection.close();
  }
}
