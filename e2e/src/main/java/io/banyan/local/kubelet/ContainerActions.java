package io.banyan.local.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the kubelet's prober and lifecycle-hook runner do for one action, with Kubernetes' rules:
 *
 * <ul>
 *   <li>{@code httpGet}: a GET to {@code scheme://host:port/path} (host defaults to the pod IP, a
 *       named port is looked up in the container's ports), with the action's headers, {@code
 *       User-Agent: kube-probe/1.31} and no keep-alive; 200–399 is success. Redirects are not
 *       followed (a 3xx counts as success, as the kubelet treats most redirects). HTTPS is not
 *       emulated (reported as a failure saying so);
 *   <li>{@code tcpSocket}: success once the TCP connection opens. The kernel completes the
 *       handshake for a listening socket even when the process is SIGSTOPped, so a frozen process
 *       passes — exactly as under a real kubelet;
 *   <li>{@code exec}: the command runs as a local process with the container's environment and
 *       working directory (paths under volume mounts pointed at the volumes' directories); exit 0
 *       is success; it is killed at the timeout;
 *   <li>{@code grpc}: not emulated (a failure saying so).
 * </ul>
 *
 * Every action honours the timeout. Blocking: callers run it off the kubelet's loop.
 */
final class ContainerActions {
  static final String USER_AGENT = "kube-probe/1.31";
  private static final int MAX_OUTPUT = 10 * 1024;

  /** The outcome of one probe or hook run; {@code message} says why it failed. */
  record Result(boolean success, String message) {
    static final Result OK = new Result(true, "");

    static Result failure(String message) {
      return new Result(false, message);
    }
  }

  /** Where an action runs: the pod's address, its container, and how the container was started. */
  record Target(String podIp, Container container, ContainerLaunch.Plan plan) {}

  private ContainerActions() {}

  static Result probe(Probe probe, Target target, Duration timeout) {
    if (probe.getHttpGet() != null) {
      return httpGet(probe.getHttpGet(), target, timeout);
    }
    if (probe.getTcpSocket() != null) {
      return tcpSocket(probe.getTcpSocket(), target, timeout);
    }
    if (probe.getExec() != null) {
      return exec(probe.getExec(), target, timeout);
    }
    if (probe.getGrpc() != null) {
      return Result.failure("gRPC probes are not emulated by local mode");
    }
    return Result.failure("probe has no action (httpGet, tcpSocket, exec or grpc)");
  }

  /** A lifecycle hook (preStop): exec, httpGet or sleep. */
  static Result hook(LifecycleHandler handler, Target target, Duration timeout) {
    if (handler.getExec() != null) {
      return exec(handler.getExec(), target, timeout);
    }
    if (handler.getHttpGet() != null) {
      return httpGet(handler.getHttpGet(), target, timeout);
    }
    if (handler.getSleep() != null) {
      long millis =
          Math.min(timeout.toMillis(), TimeUnit.SECONDS.toMillis(handler.getSleep().getSeconds()));
      try {
        Thread.sleep(millis); // the hook's declared action, not a synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Result.OK;
    }
    return Result.failure("hook has no supported action (exec, httpGet, sleep)");
  }

  static Result httpGet(HTTPGetAction action, Target target, Duration timeout) {
    String scheme = action.getScheme() == null ? "HTTP" : action.getScheme();
    String host =
        action.getHost() == null || action.getHost().isEmpty() ? target.podIp() : action.getHost();
    int port = port(action.getPort(), target.container());
    String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
    String url = "http://" + host + ":" + port + (path.startsWith("/") ? path : "/" + path);
    if (!scheme.equalsIgnoreCase("HTTP")) {
      return Result.failure("HTTPS probes are not emulated by local mode (" + url + ")");
    }
    if (port <= 0) {
      return Result.failure("port " + action.getPort() + " is not a port of the container");
    }
    int millis = (int) Math.max(1, timeout.toMillis());
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(millis);
      c.setReadTimeout(millis);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setRequestProperty("User-Agent", USER_AGENT);
      c.setRequestProperty("Accept", "*/*");
      c.setRequestProperty("Connection", "close");
      List<HTTPHeader> headers =
          action.getHttpHeaders() == null ? List.of() : action.getHttpHeaders();
      for (HTTPHeader h : headers) {
        c.setRequestProperty(h.getName(), h.getValue());
      }
      int code = c.getResponseCode();
      if (code >= 200 && code < 400) {
        return Result.OK;
      }
      return Result.failure("HTTP probe failed with statuscode: " + code);
    } catch (IOException e) {
      return Result.failure("Get \"" + url + "\": " + e.getMessage());
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  static Result tcpSocket(TCPSocketAction action, Target target, Duration timeout) {
    String host =
        action.getHost() == null || action.getHost().isEmpty() ? target.podIp() : action.getHost();
    int port = port(action.getPort(), target.container());
    if (port <= 0) {
      return Result.failure("port " + action.getPort() + " is not a port of the container");
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
      return Result.OK;
    } catch (IOException e) {
      return Result.failure("dial tcp " + host + ":" + port + ": " + e.getMessage());
    }
  }

  static Result exec(ExecAction action, Target target, Duration timeout) {
    List<String> command = action.getCommand() == null ? List.of() : action.getCommand();
    if (command.isEmpty()) {
      return Result.failure("exec action has no command");
    }
    ProcessBuilder pb =
        new ProcessBuilder(target.plan().localized(command))
            .directory(target.plan().workDir().toFile())
            .redirectErrorStream(true);
    pb.environment().putAll(target.plan().env());
    Process p = null;
    try {
      p = pb.start();
      Process started = p;
      var out = new java.util.concurrent.atomic.AtomicReference<>("");
      var output = Thread.ofVirtual().start(() -> out.set(drain(started.getInputStream())));
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return Result.failure(
            "command " + command + " timed out after " + timeout.toSeconds() + "s");
      }
      output.join(1000);
      return p.exitValue() == 0
          ? Result.OK
          : Result.failure(out.get().isBlank() ? "exit code " + p.exitValue() : out.get().trim());
    } catch (IOException e) {
      return Result.failure("cannot run " + command + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (p != null) {
        p.destroyForcibly();
      }
      return Result.failure("interrupted");
    }
  }

  /** The first 10 KiB of the output (what the kubelet keeps for the event message). */
  private static String drain(InputStream in) {
    try (in) {
      byte[] kept = in.readNBytes(MAX_OUTPUT);
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return new String(kept, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // the process went away; its output does not matter any more
    }
  }

  /** A port number, or a named port of the container; -1 when the name is unknown. */
  static int port(IntOrString port, Container container) {
    if (port == null) {
      return -1;
    }
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    if (container.getPorts() != null) {
      for (ContainerPort p : container.getPorts()) {
        if (port.getStrVal().equals(p.getName())) {
          return p.getContainerPort();
        }
      }
    }
    try {
      return Integer.parseInt(port.getStrVal());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
