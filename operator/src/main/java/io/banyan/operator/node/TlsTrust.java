package io.banyan.operator.node;

import java.io.IOException;
import java.io.StringReader;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * How the operator speaks TLS to a cluster's nodes: it trusts only the cluster's CA bundle (the
 * Secret's {@code ca.crt}), checks that the node's certificate names the pod's DNS name, and
 * presents the cluster's own certificate when the nodes ask for a client certificate. Built from
 * the PEM texts of the Secret; immutable and thread-safe.
 */
public final class TlsTrust {
  private final SSLContext context;

  private TlsTrust(SSLContext context) {
    this.context = context;
  }

  /**
   * @param caPem one or more CA certificates (a bundle during a CA rotation)
   * @param certPem the client certificate chain, or null to present none
   * @param keyPem its private key (PKCS#1, SEC1 or PKCS#8 PEM), or null
   * @throws GeneralSecurityException naming what in the PEM texts is unusable
   */
  public static TlsTrust of(String caPem, String certPem, String keyPem)
      throws GeneralSecurityException {
    List<X509Certificate> cas = certificates(caPem, "ca.crt");
    KeyStore trust = emptyStore();
    for (int i = 0; i < cas.size(); i++) {
      trust.setCertificateEntry("ca-" + i, cas.get(i));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (certPem != null && keyPem != null) {
      List<X509Certificate> chain = certificates(certPem, "tls.crt");
      KeyStore keys = emptyStore();
      char[] none = new char[0];
      keys.setKeyEntry("client", privateKey(keyPem), none, chain.toArray(X509Certificate[]::new));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, none);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return new TlsTrust(context);
  }

  /**
   * Wraps a connected socket in TLS and completes the handshake, verifying the node's certificate
   * against the CA and {@code hostName} (the pod's DNS name: the operator connects to the pod IP,
   * the certificate names the pod's DNS name).
   *
   * @throws TlsHandshakeException when the handshake fails (the reason in its message)
   */
  SSLSocket handshake(Socket connected, String hostName, int port) throws IOException {
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(connected, hostName, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    // The same check as HTTPS: the DNS name must be among the certificate's subjectAltNames.
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    try {
      socket.startHandshake();
    } catch (IOException e) {
      socket.close();
      throw new TlsHandshakeException(hostName, e);
    }
    return socket;
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    return store;
  }

  private static List<X509Certificate> certificates(String pem, String name)
      throws GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    var in =
        new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (var c : factory.generateCertificates(in)) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException(name + " holds no PEM certificate");
    }
    return out;
  }

  private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate(); // PKCS#1 RSA or SEC1 EC
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info); // PKCS#8
      }
      throw new GeneralSecurityException(
          "tls.key holds no unencrypted PEM private key"
              + (object == null ? "" : " (found " + object.getClass().getSimpleName() + ")"));
    } catch (IOException e) {
      throw new GeneralSecurityException("tls.key is not a readable PEM key: " + e.getMessage(), e);
    }
  }
}
