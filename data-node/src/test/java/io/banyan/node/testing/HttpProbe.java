package io.banyan.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Real HTTP requests to a node's banyan-http-port, as a kubelet probe or Prometheus sends them. */
public final class HttpProbe {
  /** What an endpoint answered. */
  public record Answer(int status, String contentType, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private HttpProbe() {}

  public static Answer get(String host, int port, String path) {
    return get(host, port, path, null);
  }

  public static Answer get(int port, String path) {
    return get("127.0.0.1", port, path, null);
  }

  /** GET with an Accept header (null for none). */
  public static Answer get(String host, int port, String path, String accept) {
    try {
      return send(host, port, path, accept).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new UncheckedIOException(new IOException(e.getCause()));
    }
  }

  /** Sends the request without waiting for the answer. */
  public static CompletableFuture<Answer> send(String host, int port, String path, String accept) {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + h + ":" + port + path))
            .timeout(Duration.ofSeconds(60));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return CLIENT
        .sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(
            r ->
                new Answer(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body()));
  }
}
