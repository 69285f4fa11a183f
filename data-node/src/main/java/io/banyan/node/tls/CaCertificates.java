package io.banyan.node.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * The trusted CAs: every certificate of {@code tls-ca-cert-file}, plus every certificate file in
 * {@code tls-ca-cert-dir}. OpenSSL looks a directory up by hashed names; here the whole directory
 * is read, so it works with or without c_rehash links, and with a Kubernetes Secret volume (whose
 * {@code ..data} directory and timestamped folders are skipped as directories).
 */
final class CaCertificates {
  private CaCertificates() {}

  static List<X509Certificate> load(TlsSettings s) {
    List<X509Certificate> cas = new ArrayList<>();
    if (s.caCertFile() != null) {
      TlsContexts.readable(s.caCertFile(), "tls-ca-cert-file");
      try {
        Collection<X509Certificate> found = read(Path.of(s.caCertFile()));
        if (found.isEmpty()) {
          throw new TlsSetupException(
              "tls-ca-cert-file " + s.caCertFile() + ": holds no PEM certificate");
        }
        cas.addAll(found);
      } catch (IOException | CertificateException e) {
        throw new TlsSetupException(
            "tls-ca-cert-file "
                + s.caCertFile()
                + ": not a PEM certificate file: "
                + e.getMessage(),
            e);
      }
    }
    if (s.caCertDir() != null) {
      Path dir = Path.of(s.caCertDir());
      if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
        throw new TlsSetupException("tls-ca-cert-dir " + dir + ": not a readable directory");
      }
      int before = cas.size();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          if (Files.isRegularFile(f) && Files.isReadable(f)) {
            try {
              cas.addAll(read(f));
            } catch (IOException | CertificateException notACertificate) {
              // CRLs and other files may sit beside the certificates: not an error.
            }
          }
        }
      } catch (IOException e) {
        throw new TlsSetupException("tls-ca-cert-dir " + dir + ": " + e.getMessage(), e);
      }
      if (cas.size() == before) {
        throw new TlsSetupException("tls-ca-cert-dir " + dir + ": holds no PEM certificate");
      }
    }
    return cas;
  }

  private static Collection<X509Certificate> read(Path file)
      throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      return out;
    }
  }
}
