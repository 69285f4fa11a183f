package io.banyan.operator.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for tests, emulating what cert-manager's CA Issuer writes for a
 * Certificate: a Secret with {@code tls.crt} (the leaf), {@code tls.key} (PKCS#1 for RSA, as
 * cert-manager's default encoding, or PKCS#8) and {@code ca.crt} (the issuing CA). Leaves carry the
 * given DNS names (and IP addresses) as subjectAltNames and the server and client auth usages.
 */
public final class TestCa {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestCa(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new self-signed CA valid for a day. */
  public static TestCa create(String name) {
    try {
      KeyPair keys = rsa();
      X500Principal subject = new X500Principal("CN=" + name);
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              subject,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(1))),
              subject,
              keys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new TestCa(keys, sign(b, keys.getPrivate()));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The CA certificate as PEM (what {@code ca.crt} holds). */
  public String caPem() {
    return pem(certificate);
  }

  /** A leaf valid from now for {@code validity} (negative: already expired). */
  public Map<String, String> issue(List<String> dnsNames, List<String> ips, Duration validity) {
    return issue(dnsNames, ips, validity, false);
  }

  /**
   * The data of a kubernetes.io/tls Secret for a new leaf: {@code tls.crt}, {@code tls.key} ({@code
   * pkcs8}: PKCS#8, else PKCS#1), {@code ca.crt}.
   */
  public Map<String, String> issue(
      List<String> dnsNames, List<String> ips, Duration validity, boolean pkcs8) {
    try {
      KeyPair leaf = rsa();
      Instant now = Instant.now();
      Instant end = now.plus(validity);
      Instant start = validity.isNegative() ? end.minus(Duration.ofDays(1)) : now.minusSeconds(300);
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              certificate,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(start),
              Date.from(end),
              new X500Principal("CN=" + (dnsNames.isEmpty() ? "node" : dnsNames.get(0))),
              leaf.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      GeneralName[] names = new GeneralName[dnsNames.size() + ips.size()];
      int i = 0;
      for (String d : dnsNames) {
        names[i++] = new GeneralName(GeneralName.dNSName, d);
      }
      for (String ip : ips) {
        names[i++] = new GeneralName(GeneralName.iPAddress, ip);
      }
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
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
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(certificate.getPublicKey()));
      X509Certificate cert = sign(b, keys.getPrivate());
      Map<String, String> data = new LinkedHashMap<>();
      data.put("tls.crt", pem(cert));
      data.put("tls.key", pkcs8 ? pkcs8(leaf.getPrivate()) : pem(leaf.getPrivate()));
      data.put("ca.crt", caPem());
      return data;
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
  }

  /** PEM of a certificate, or of a private key in the traditional (PKCS#1) form. */
  private static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  private static String pkcs8(PrivateKey key) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(new JcaPKCS8Generator(key, null));
    }
    return out.toString();
  }
}
