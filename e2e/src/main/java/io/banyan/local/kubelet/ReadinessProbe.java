package io.banyan.local.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The readiness check for a pod's tcpSocket probe. A bare TCP connect is not enough here: the
 * kernel completes the handshake for a SIGSTOPped process too (the connection waits in the listen
 * backlog), so a frozen node would look ready. The probe therefore also sends an inline {@code
 * PING} and wants any reply ({@code +PONG}, or {@code -NOAUTH} when a password is set) within the
 * timeout, which a frozen process cannot give.
 */
final class ReadinessProbe {
  private ReadinessProbe() {}

  static boolean check(String host, int port, Duration timeout) {
    int millis = (int) Math.max(1, timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      int first = in.read();
      return first == '+' || first == '-';
    } catch (IOException e) {
      return false;
    }
  }
}
