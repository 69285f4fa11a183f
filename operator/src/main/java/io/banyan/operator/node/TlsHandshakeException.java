package io.banyan.operator.node;

import java.io.IOException;
import java.security.cert.CertificateException;

/**
 * The TLS handshake with a node failed: a certificate problem (wrong CA, expired, a name that is
 * not the pod's) or a node not speaking TLS. Not a sign that the node is down: the operator must
 * report it and not fail the node over.
 */
public final class TlsHandshakeException extends IOException {
  TlsHandshakeException(String hostName, IOException cause) {
    super("TLS handshake with " + hostName + " failed: " + reason(cause), cause);
  }

  /** The innermost cause's message: the certificate path or name check that failed. */
  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      if (root instanceof CertificateException) {
        break;
      }
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return root == e ? text : e.getMessage() + " (" + text + ")";
  }
}
