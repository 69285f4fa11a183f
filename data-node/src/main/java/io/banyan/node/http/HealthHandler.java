package io.banyan.node.http;

import io.banyan.node.engine.Engine;
import io.banyan.node.metrics.InfoSample;
import io.banyan.node.metrics.RedisMetrics;
import io.banyan.node.replication.Replication;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Serves {@code GET /livez}, {@code /readyz}, {@code /metrics} and the preStop hook {@code
 * /prestop} ({@link PreStop}) on the HTTP listener's own event loop. Whatever needs the node's
 * state is computed on the command thread (a posted task, bounded by {@link Liveness#BOUND_NANOS})
 * and written back here, so neither loop ever waits for the other.
 */
final class HealthHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final ExpositionFormats FORMATS = ExpositionFormats.init();

  private final Engine engine;
  private final Replication replication;
  private final Liveness liveness;
  private final InfoSample.Sampler sampler;
  private final IntSupplier tcpPort;
  private final PreStop preStop;

  HealthHandler(
      Engine engine,
      Replication replication,
      Liveness liveness,
      InfoSample.Sampler sampler,
      IntSupplier tcpPort) {
    this.engine = engine;
    this.replication = replication;
    this.preStop = new PreStop(engine, replication);
    this.liveness = liveness;
    this.sampler = sampler;
    this.tcpPort = tcpPort;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
      send(ctx, keepAlive, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n"));
      return;
    }
    QueryStringDecoder query = new QueryStringDecoder(req.uri());
    String path = query.path();
    switch (path) {
      case "/livez" -> liveness.check().thenAccept(reason -> health(ctx, keepAlive, reason));
      case "/readyz" ->
          onCommandThread(this::notReadyReason, "command thread did not answer within 2 s")
              .thenAccept(reason -> health(ctx, keepAlive, reason));
      case "/metrics" -> {
        String accept = req.headers().get(HttpHeaderNames.ACCEPT);
        onCommandThread(
                () ->
                    RedisMetrics.of(sampler.sample(tcpPort.getAsInt()), engine.loading().active()),
                null)
            .thenAccept(
                snapshots ->
                    ctx.executor()
                        .execute(
                            () ->
                                send(
                                    ctx,
                                    keepAlive,
                                    metrics(
                                        accept,
                                        snapshots == null
                                            ? RedisMetrics.unresponsive()
                                            : snapshots))));
      }
      case "/prestop" -> preStop(ctx, keepAlive, query);
      default -> send(ctx, keepAlive, text(HttpResponseStatus.NOT_FOUND, "not found\n"));
    }
  }

  private void preStop(ChannelHandlerContext ctx, boolean keepAlive, QueryStringDecoder query) {
    long waitSeconds;
    try {
      waitSeconds = PreStop.waitSeconds(query);
    } catch (IllegalArgumentException e) {
      send(ctx, keepAlive, text(HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n"));
      return;
    }
    preStop.await(
        ctx, waitSeconds, done -> send(ctx, keepAlive, text(HttpResponseStatus.OK, done + "\n")));
  }

  /** Command thread: null when ready. */
  private String notReadyReason() {
    if (engine.loading().active()) {
      return "loading";
    }
    return replication.readiness().notReadyReason(engine.config().banyanReadyMaxLag);
  }

  /**
   * Runs {@code task} on the command thread; {@code late} when it does not run within the bound.
   */
  private <T> CompletableFuture<T> onCommandThread(java.util.function.Supplier<T> task, T late) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      engine
          .eventLoop()
          .execute(
              () -> {
                try {
                  result.complete(task.get());
                } catch (RuntimeException e) {
                  result.completeExceptionally(e);
                }
              });
    } catch (RuntimeException e) {
      result.complete(late);
    }
    return result.completeOnTimeout(late, Liveness.BOUND_NANOS, TimeUnit.NANOSECONDS);
  }

  private void health(ChannelHandlerContext ctx, boolean keepAlive, String reason) {
    FullHttpResponse r =
        reason == null
            ? text(HttpResponseStatus.OK, "ok\n")
            : text(HttpResponseStatus.SERVICE_UNAVAILABLE, reason + "\n");
    ctx.executor().execute(() -> send(ctx, keepAlive, r));
  }

  private static FullHttpResponse metrics(String accept, MetricSnapshots snapshots) {
    ExpositionFormatWriter writer = FORMATS.findWriter(accept);
    ByteBuf body = Unpooled.buffer(16 * 1024);
    try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
      writer.write(out, snapshots);
    } catch (IOException e) {
      body.release();
      return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "metrics: " + e + "\n");
    }
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, writer.getContentType());
    return r;
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return r;
  }

  private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse r) {
    HttpUtil.setContentLength(r, r.content().readableBytes());
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(r);
    } else {
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
