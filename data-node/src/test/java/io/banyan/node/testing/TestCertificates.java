package io.banyan.node.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for TLS tests, made in-process with BouncyCastle: a CA, and certificates it issues
 * (valid for localhost and 127.0.0.1, for both server and client use; or already expired), written
 * as the PEM files redis-server, redis-cli and the node read.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private TestCertificates() {}

  /** A key and its certificate, and the chain's CA. */
  public record Issued(PrivateKey key, X509Certificate cert, Authority issuer) {
    /** Writes {@code <name>.crt} and {@code <name>.key} (PKCS#8) into {@code dir}. */
    public PemFiles writeTo(Path dir, String name) throws IOException {
      Path crt = dir.resolve(name + ".crt");
      Path key = dir.resolve(name + ".key");
      Files.writeString(crt, pem(cert));
      Files.writeString(key, pemKey(key(), null));
      return new PemFiles(crt, key);
    }

    /** Writes the key encrypted with {@code password} (PKCS#8, AES-256-CBC). */
    public Path writeEncryptedKey(Path file, String password) throws IOException {
      Files.writeString(file, pemKey(key(), password));
      return file;
    }

    public BigInteger serial() {
      return cert.getSerialNumber();
    }

    /**
     * A JDK TLS context presenting this certificate — always, even when the server asks for another
     * CA's or it has expired (the JDK's own key manager would then send none, which is not the case
     * under test) — and trusting {@code trusted}.
     */
    public SSLContext sslContext(Authority trusted) throws Exception {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          new KeyManager[] {new AlwaysThisCertificate(key, cert)},
          trusted.trustManagers(),
          new SecureRandom());
      return ctx;
    }
  }

  private static final class AlwaysThisCertificate extends X509ExtendedKeyManager {
    private final PrivateKey key;
    private final X509Certificate cert;

    AlwaysThisCertificate(PrivateKey key, X509Certificate cert) {
      this.key = key;
      this.cert = cert;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return "me";
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine e) {
      return "me";
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {"me"};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return "me";
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {"me"};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return new X509Certificate[] {cert};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }
  }

  /** A certificate file and its key file. */
  public record PemFiles(Path cert, Path key) {}

  /** A certificate authority. */
  public record Authority(KeyPair keys, X509Certificate cert, String name) {
    public Path writeTo(Path file) throws IOException {
      Files.writeString(file, pem(cert));
      return file;
    }

    /** Issues a certificate valid from an hour ago for {@code validity}. */
    public Issued issue(String cn, Duration validity) throws Exception {
      Instant now = Instant.now();
      return issue(cn, now.minus(Duration.ofHours(1)), now.plus(validity));
    }

    /** A certificate that expired yesterday. */
    public Issued issueExpired(String cn) throws Exception {
      Instant now = Instant.now();
      return issue(cn, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
    }

    private Issued issue(String cn, Instant from, Instant to) throws Exception {
      KeyPair kp = ecKeys();
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              cert,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(from),
              Date.from(to),
              new X500Name("CN=" + cn),
              kp.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert));
      X509Certificate issued = sign(b, keys.getPrivate());
      return new Issued(kp.getPrivate(), issued, this);
    }

    javax.net.ssl.TrustManager[] trustManagers() throws Exception {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("ca", cert);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      return tmf.getTrustManagers();
    }

    /** A JDK TLS context trusting this CA, presenting no certificate. */
    public SSLContext sslContext() throws Exception {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, trustManagers(), new SecureRandom());
      return ctx;
    }
  }

  /** A new self-signed CA. */
  public static Authority newCa(String name) throws Exception {
    KeyPair kp = ecKeys();
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(Duration.ofDays(365))),
            subject,
            kp.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    b.addExtension(
        Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
    return new Authority(kp, sign(b, kp.getPrivate()), name);
  }

  /**
   * Opens a TLS connection with {@code ctx} and completes the handshake; the caller closes it.
   *
   * @throws IOException when the handshake fails
   */
  public static SSLSocket connect(SSLContext ctx, int port) throws IOException {
    Socket plain = new Socket("127.0.0.1", port);
    plain.setSoTimeout(10_000);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
    s.startHandshake();
    return s;
  }

  private static KeyPair ecKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  static String pem(Object o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }

  private static String pemKey(PrivateKey key, String password) throws IOException {
    try {
      OutputEncryptor enc =
          password == null
              ? null
              : new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                  .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                  .setPassword(password.toCharArray())
                  .build();
      return pem(new JcaPKCS8Generator(key, enc));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new IOException(e);
    }
  }
}
