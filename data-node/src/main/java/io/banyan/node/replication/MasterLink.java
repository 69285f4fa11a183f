package io.banyan.node.replication;

import io.banyan.node.client.Client;
import io.banyan.node.engine.Engine;
import io.banyan.node.persistence.RdbLoader;
import io.banyan.node.persistence.rdb.RdbReader;
import io.banyan.node.store.Bytes;
import io.banyan.node.transport.NettyConnection;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The replica side of one connection to a master: the handshake (PING, AUTH, REPLCONF, PSYNC), the
 * snapshot transfer and load (flush, then load: {@code repl-diskless-load disabled} semantics),
 * then the command stream, executed as the master client without replies. Every byte applied is
 * forwarded verbatim to this node's own stream ({@link MasterSide#feed}) so sub-replicas see the
 * master's offsets. Runs on the command thread (the connection uses the engine's event loop).
 */
final class MasterLink extends ChannelInboundHandlerAdapter {
  /** Where the link is, as ROLE reports it. */
  enum State {
    CONNECTING("connecting"),
    HANDSHAKE("handshake"),
    SYNC("sync"),
    CONNECTED("connected");

    final String roleName;

    State(String roleName) {
      this.roleName = roleName;
    }
  }

  private enum Step {
    PONG,
    AUTH,
    PORT,
    CAPA,
    ZONE,
    PSYNC,
    BULK_HEADER,
    BULK_BODY,
    STREAM
  }

  /** How often a replica of a Banyan master acknowledges its offset. */
  static final long FAST_ACK_MS = 100;

  private final Engine engine;
  private final MasterSide stream;
  private final ReplicaRole role;
  private final String host;
  private final int port;
  private final IntSupplier listeningPort;
  private Channel channel;
  private ByteBuf in;
  private State state = State.CONNECTING;
  private Step step = Step.PONG;
  private Client masterClient;
  private long lastIoMs;
  private boolean closed;

  /** The master accepted REPLCONF banyan-zone: it is a Banyan node, which reads fast ACKs. */
  private boolean banyanMaster;

  private ScheduledFuture<?> fastAcks;

  // snapshot transfer
  private String syncReplId;
  private long syncOffset;
  private long bulkLeft = -1;
  private byte[] eofMark;
  private byte[] rdb = new byte[1 << 16];
  private int rdbSize;

  MasterLink(
      Engine engine,
      MasterSide stream,
      ReplicaRole role,
      String host,
      int port,
      IntSupplier listeningPort) {
    this.engine = engine;
    this.stream = stream;
    this.role = role;
    this.host = host;
    this.port = port;
    this.listeningPort = listeningPort;
    this.lastIoMs = engine.nowMs();
  }

  State state() {
    return state;
  }

  long lastIoMs() {
    return lastIoMs;
  }

  void connect() {
    engine.log().notice("Connecting to MASTER " + host + ":" + port);
    Bootstrap b =
        new Bootstrap()
            .group(engine.eventLoop())
            .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, engine.config().replTimeoutSeconds * 1000)
            .handler(this);
    InetSocketAddress target = new InetSocketAddress(host, port);
    InetSocketAddress source =
        target.isUnresolved() ? null : sourceAddress(engine.config().bind, target.getAddress());
    ChannelFuture f = source == null ? b.connect(target) : b.connect(target, source);
    channel = f.channel();
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            fail("Error condition on socket for SYNC: " + done.cause().getMessage());
          }
        });
  }

  /**
   * The link's source address: the first configured bind address when it is a concrete one, as
   * Redis does, so the master sees (and FAILOVER TO can name) the replica by the address it serves
   * on — on a host with several loopback or interface addresses the kernel would otherwise pick
   * another one. Only an address of the master's family can be a source (an IPv4 bind address
   * cannot reach an IPv6 master): the first such concrete one, or null (any) when there is none or
   * the first is a wildcard.
   */
  static InetSocketAddress sourceAddress(java.util.List<String> bind, java.net.InetAddress target) {
    if (bind == null) {
      return null;
    }
    for (String entry : bind) {
      String host = entry.startsWith("-") ? entry.substring(1) : entry;
      if (host.equals("*") || host.equals("::*")) {
        return null;
      }
      java.net.InetAddress a;
      try {
        a = java.net.InetAddress.getByName(host);
      } catch (java.net.UnknownHostException e) {
        continue;
      }
      if (a.getClass() != target.getClass()) {
        continue;
      }
      return a.isAnyLocalAddress() ? null : new InetSocketAddress(a, 0);
    }
    return null;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    engine.log().notice("MASTER <-> REPLICA sync started");
    state = State.HANDSHAKE;
    in = ctx.alloc().buffer();
    send("PING");
  }

  private void send(String... words) {
    channel.writeAndFlush(Unpooled.wrappedBuffer(StreamEncoder.command(words)));
  }

  /** Closes the link; the role reconnects later. */
  void close() {
    if (channel != null) {
      channel.close();
    }
    release();
  }

  private void fail(String why) {
    role.linkError(why);
    engine.log().warning(why);
    close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (state == State.CONNECTED) {
      engine.log().notice("Connection with master lost.");
    }
    release();
  }

  private void release() {
    if (closed) {
      return;
    }
    closed = true;
    if (fastAcks != null) {
      fastAcks.cancel(false);
      fastAcks = null;
    }
    if (masterClient != null) {
      role.rememberDb(masterClient.db().index());
      engine.clientDisconnected(masterClient);
      masterClient = null;
    }
    if (in != null) {
      in.release();
      in = null;
    }
    role.linkClosed(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail("Error on the link with MASTER " + host + ":" + port + ": " + cause.getMessage());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf b = (ByteBuf) msg;
    try {
      if (closed) {
        return;
      }
      lastIoMs = engine.nowMs();
      in.writeBytes(b);
    } finally {
      b.release();
    }
    try {
      process();
    } catch (RuntimeException e) {
      fail("Replication stream from MASTER could not be processed: " + e);
    }
    if (in != null) {
      in.discardSomeReadBytes();
    }
    if (masterClient != null) {
      masterClient.reply().discard();
    }
  }

  private void process() {
    while (!closed && in.isReadable()) {
      if (step == Step.BULK_BODY) {
        if (!readBody()) {
          return;
        }
        continue;
      }
      if (step == Step.STREAM) {
        if (!applyOne()) {
          return;
        }
        continue;
      }
      String line = StreamParser.line(in);
      if (line == null) {
        return;
      }
      handshakeLine(line);
    }
  }

  private void handshakeLine(String line) {
    switch (step) {
      case PONG -> {
        if (line.startsWith("-")
            && !line.startsWith("-NOAUTH")
            && !line.startsWith("-NOPERM")
            && !line.startsWith("-ERR operation not permitted")) {
          fail("Error reply to PING from master: '" + line + "'");
          return;
        }
        engine.log().notice("Master replied to PING, replication can continue...");
        String auth = engine.config().masterAuth;
        if (auth != null && !auth.isEmpty()) {
          step = Step.AUTH;
          String user = engine.config().masterUser;
          if (user != null && !user.isEmpty()) {
            send("AUTH", user, auth);
          } else {
            send("AUTH", auth);
          }
        } else {
          sendPort();
        }
      }
      case AUTH -> {
        if (line.startsWith("-")) {
          fail("Unable to AUTH to MASTER: " + line);
          return;
        }
        sendPort();
      }
      case PORT -> {
        if (pendingExtraOk) {
          pendingExtraOk = false; // the reply to REPLCONF listening-port; ip-address's follows
          return;
        }
        if (line.startsWith("-")) {
          engine.log().notice("(Non critical) Master does not understand REPLCONF listening-port");
        }
        step = Step.CAPA;
        send("REPLCONF", "capa", "eof", "capa", "psync2");
      }
      case CAPA -> {
        // A Banyan extension, sent to every master: a real redis-server answers an error, which
        // only tells us it is not a Banyan node (no zone-aware quorum, ACKs once a second).
        step = Step.ZONE;
        send("REPLCONF", "banyan-zone", engine.config().banyanZone);
      }
      case ZONE -> {
        banyanMaster = !line.startsWith("-");
        if (!banyanMaster) {
          engine.log().notice("(Non critical) Master does not understand REPLCONF banyan-zone");
        }
        step = Step.PSYNC;
        String[] from = role.psyncFrom();
        engine
            .log()
            .notice(
                "Trying a partial resynchronization (request " + from[0] + ":" + from[1] + ").");
        if (role.failover().inProgress()) {
          send("PSYNC", from[0], from[1], "FAILOVER"); // the target takes over (FAILOVER)
        } else {
          send("PSYNC", from[0], from[1]);
        }
      }
      case PSYNC -> psyncReply(line);
      case BULK_HEADER -> bulkHeader(line);
      default -> throw new IllegalStateException("unexpected line: " + line);
    }
  }

  private void sendPort() {
    step = Step.PORT;
    int announce = engine.config().replicaAnnouncePort;
    send(
        "REPLCONF",
        "listening-port",
        Integer.toString(announce > 0 ? announce : listeningPort.getAsInt()));
    if (engine.config().replicaAnnounceIp != null) {
      send("REPLCONF", "ip-address", engine.config().replicaAnnounceIp);
      pendingExtraOk = true;
    }
  }

  private boolean pendingExtraOk;

  private void psyncReply(String line) {
    if (line.isEmpty()) {
      return; // keep-alive newline while the master prepares
    }
    if (line.startsWith("+FULLRESYNC")) {
      String[] parts = line.split(" ");
      syncReplId = parts[1];
      syncOffset = Long.parseLong(parts[2]);
      engine.log().notice("Full resync from master: " + syncReplId + ":" + syncOffset);
      state = State.SYNC;
      step = Step.BULK_HEADER;
      role.failover().psyncAccepted();
    } else if (line.startsWith("+CONTINUE")) {
      String[] parts = line.split(" ");
      if (parts.length > 1) {
        stream.switchId(parts[1].trim());
      }
      engine
          .log()
          .notice(
              "Successful partial resynchronization with master. MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
      role.failover().psyncAccepted();
      startStream(role.rememberedDb());
    } else {
      fail("Unexpected reply to PSYNC from master: " + line);
      role.failover().psyncFailed();
    }
  }

  private void bulkHeader(String line) {
    if (line.isEmpty()) {
      return;
    }
    if (line.startsWith("-")) {
      fail("MASTER aborted replication with an error: " + line.substring(1));
      return;
    }
    if (!line.startsWith("$")) {
      fail("Bad protocol from MASTER, the first byte is not '$' (we received '" + line + "')");
      return;
    }
    if (line.startsWith("$EOF:")) {
      eofMark = line.substring(5).getBytes(StandardCharsets.ISO_8859_1);
      engine
          .log()
          .notice("MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk");
    } else {
      bulkLeft = Long.parseLong(line.substring(1));
      engine
          .log()
          .notice("MASTER <-> REPLICA sync: receiving " + bulkLeft + " bytes from master to disk");
    }
    step = Step.BULK_BODY;
  }

  /** Consumes snapshot bytes; true when the snapshot is complete (and loaded). */
  private boolean readBody() {
    if (eofMark == null) {
      int n = (int) Math.min(bulkLeft, in.readableBytes());
      append(n);
      bulkLeft -= n;
      if (bulkLeft > 0) {
        return false;
      }
    } else {
      int before = rdbSize;
      append(in.readableBytes());
      int from = Math.max(0, before - eofMark.length);
      int at = indexOf(rdb, from, rdbSize, eofMark);
      if (at < 0) {
        return false;
      }
      // Bytes after the mark belong to the stream: give them back.
      int extra = rdbSize - (at + eofMark.length);
      in.readerIndex(in.readerIndex() - extra);
      rdbSize = at;
    }
    load();
    return !closed;
  }

  private void append(int n) {
    if (rdbSize + n > rdb.length) {
      rdb = java.util.Arrays.copyOf(rdb, Math.max(rdbSize + n, rdb.length * 2));
    }
    in.readBytes(rdb, rdbSize, n);
    rdbSize += n;
  }

  private static int indexOf(byte[] a, int from, int to, byte[] mark) {
    outer:
    for (int i = from; i + mark.length <= to; i++) {
      for (int j = 0; j < mark.length; j++) {
        if (a[i + j] != mark[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void load() {
    engine.log().notice("MASTER <-> REPLICA sync: Flushing old data");
    role.persistence().aof().datasetReplaced(); // until rewriteAofAfterLoad's rewrite commits
    engine.keyspace().flushAll();
    engine.log().notice("MASTER <-> REPLICA sync: Loading DB in memory");
    RdbLoader.KeyLoader loader =
        RdbLoader.keyLoader(engine, Path.of("replication-sync.rdb"), false, false);
    StreamDbVisitor visitor = new StreamDbVisitor(loader, engine.keyspace().databaseCount());
    try {
      new RdbReader(new ByteArrayInputStream(rdb, 0, rdbSize), rdbSize, engine.config().rdbChecksum)
          .read(visitor);
    } catch (Exception e) {
      engine.keyspace().flushAll();
      fail("Failed trying to load the MASTER synchronization DB from socket: " + e.getMessage());
      return;
    }
    rdb = null;
    stream.adoptMaster(syncReplId, syncOffset);
    role.fullSyncLoaded();
    engine
        .log()
        .notice("MASTER <-> REPLICA sync: Finished with success (" + loader.loaded() + " keys)");
    startStream(visitor.streamDb());
    rewriteAofAfterLoad();
  }

  /**
   * The AOF no longer describes the dataset after a load from the master (the flush and the load
   * are not commands in it): rewrite it from the loaded data, as Redis restarts its AOF then.
   */
  private void rewriteAofAfterLoad() {
    var persistence = role.persistence();
    if (!persistence.aof().enabled()) {
      return;
    }
    try {
      engine
          .log()
          .notice(
              "Background AOF rewrite after the sync with the master: "
                  + persistence.aof().bgrewriteaof(masterClient));
    } catch (RuntimeException e) {
      engine
          .log()
          .warning("Could not rewrite the AOF after the sync with the master: " + e.getMessage());
    }
  }

  private void startStream(int db) {
    masterClient =
        new Client(
            engine.clients().nextId(),
            engine,
            new NettyConnection(channel),
            engine.keyspace().db(db));
    masterClient.setMaster(true);
    masterClient.runAsSuperuser(); // the master's stream is obeyed whatever the ACL says
    masterClient.setRepliesOff(true);
    engine.clients().add(masterClient);
    state = State.CONNECTED;
    step = Step.STREAM;
    role.linkEstablished();
    // At once after +CONTINUE or the load: a master that streamed the snapshot starts the stream
    // on this first ACK, and a new master counts us for its write quorum without waiting a tick.
    sendAck();
    if (banyanMaster && fastAcks == null) {
      // A Banyan master may bound a good replica's lag in milliseconds
      // (banyan-min-replicas-max-lag-ms, below the operator's detection timeout): an ACK every
      // 100 ms keeps a live replica well inside any such bound. A real redis-server gets Redis's
      // one ACK a second (ReplicaRole's cron).
      fastAcks =
          channel
              .eventLoop()
              .scheduleAtFixedRate(this::sendAck, FAST_ACK_MS, FAST_ACK_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** CONFIG SET banyan-zone on this replica: a Banyan master learns it without a new sync. */
  void announceZone() {
    if (banyanMaster && state == State.CONNECTED && channel.isActive()) {
      send("REPLCONF", "banyan-zone", engine.config().banyanZone);
    }
  }

  /** Whether the master's stream is inside a MULTI whose EXEC has not arrived yet. */
  boolean inTransaction() {
    return masterClient != null && masterClient.inMulti();
  }

  /** The database the master client is in (the stream's current database), or -1. */
  int streamDb() {
    return masterClient == null ? -1 : masterClient.db().index();
  }

  void sendAck() {
    if (state == State.CONNECTED && channel.isActive()) {
      long fack = role.aofFsyncedOffset();
      if (fack >= 0) {
        // Redis 7.2's form: how far our AOF is fsynced, for the master's WAITAOF.
        send("REPLCONF", "ACK", Long.toString(stream.offset()), "FACK", Long.toString(fack));
      } else {
        send("REPLCONF", "ACK", Long.toString(stream.offset()));
      }
    }
  }

  /** Applies one command of the stream; false when the next one is not complete yet. */
  private boolean applyOne() {
    int start = in.readerIndex();
    byte[][] argv = StreamParser.command(in);
    if (argv == null) {
      return false;
    }
    int consumed = in.readerIndex() - start;
    if (argv.length >= 2 && Bytes.is(argv[0], "replconf") && Bytes.is(argv[1], "getack")) {
      sendAck();
    } else if (argv.length > 0) {
      masterClient.markInteraction(engine.nowMs());
      engine.dispatcher().dispatch(masterClient, argv);
    }
    byte[] raw = new byte[consumed];
    in.getBytes(start, raw);
    stream.feed(raw);
    role.streamApplied();
    return true;
  }
}
