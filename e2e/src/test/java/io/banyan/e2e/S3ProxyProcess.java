package io.banyan.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * (A copy of the operator tests' {@code io.banyan.operator.testing.S3ProxyProcess}: e2e does not
 * depend on their test jar.) A real S3 API server for tests: S3Proxy (the jar Maven copies to
 * {@code banyan.s3proxy.jar}) as its own process, on an ephemeral loopback port read from its log
 * (no port race), storing objects in a directory (jclouds' filesystem provider), with AWS v4
 * signatures checked against a fixed key pair.
 */
final class S3ProxyProcess implements AutoCloseable {
  public static final String ACCESS_KEY = "banyan-test-access";
  public static final String SECRET_KEY = "banyan-test-secret";
  private static final Pattern STARTED = Pattern.compile("Started ServerConnector.*:(\\d+)\\}");

  private final Process process;
  private final int port;
  private final Path dir;

  private S3ProxyProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Starts S3Proxy with the given buckets created (as directories). */
  public static S3ProxyProcess start(String... buckets) throws Exception {
    Path dir = Files.createTempDirectory("s3proxy-");
    Path data = Files.createDirectories(dir.resolve("data"));
    for (String b : buckets) {
      Files.createDirectories(data.resolve(b));
    }
    Path props = dir.resolve("s3proxy.properties");
    Files.writeString(
        props,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:0",
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data,
            ""));
    String jar = System.getProperty("banyan.s3proxy.jar");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar,
                "--properties",
                props.toString())
            .redirectErrorStream(true)
            .start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    StringBuffer log = new StringBuffer();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  log.append(line).append('\n');
                  Matcher m = STARTED.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              port.completeExceptionally(new IOException("S3Proxy exited:\n" + log));
            });
    try {
      return new S3ProxyProcess(p, port.get(60, TimeUnit.SECONDS), dir);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IOException("S3Proxy did not start:\n" + log, e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Where an object's bytes are stored (filesystem provider: bucket/key). */
  public Path file(String bucket, String key) {
    return dir.resolve("data").resolve(bucket).resolve(key);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
