package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.TlsSpec;
import io.banyan.operator.api.ZoneSpec;
import io.banyan.operator.testing.TestCa;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * A three-zone cluster with {@code spec.tls} (local mode, a cert-manager-like CA): clients and
 * replicas speak TLS only, the operator manages the cluster over TLS (admission, failover), and a
 * certificate rotation — same CA, then a new CA shipped as a bundle with the old one — reaches the
 * running nodes through the refreshed Secret volume with no client error.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsE2E {
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final String SECRET = "three-dc-tls";

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  static Path state;

  static E2eCluster cluster;
  static TestCa ca;
  static String trustedCas;
  static X509Certificate serving;

  @BeforeAll
  static void start() throws Exception {
    StoreCluster sc = E2eCluster.example("three-datacenters.yaml");
    // One node per zone: the initial master in jf-a, a master backup in each other zone.
    for (ZoneSpec z : sc.getSpec().zones) {
      z.replicas = new ArrayList<>();
      z.masterBackups = Boolean.TRUE.equals(z.initialMaster) ? 0 : 1;
    }
    sc.getSpec().tls = new TlsSpec();
    sc.getSpec().tls.secretName = SECRET;
    ca = TestCa.create("three-dc-ca");
    trustedCas = ca.caPem();
    cluster = E2eCluster.start(sc, "61.9", 17900, state);
    // cert-manager issues the Certificate meanwhile: until it exists the pods cannot start, as
    // on Kubernetes (ContainerCreating).
    writeSecret(ca.issue(dnsNames(), List.of(), Duration.ofHours(1), true));
    cluster.awaitRunning(Duration.ofSeconds(180));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** What the Certificate's dnsNames hold (docs/security.md): pods and Services. */
  static List<String> dnsNames() {
    String ns = cluster.local.namespace();
    String c = cluster.name();
    return List.of(
        "*." + c + "-nodes." + ns + ".svc",
        c + "-rw." + ns + ".svc",
        c + "-ro." + ns + ".svc",
        "*." + c + "-ro." + ns + ".svc");
  }

  @Test
  @Order(1)
  void clientsWriteOverTlsAndReplicasAreInSyncOverTls() {
    try (Jedis j = tls(cluster.rw())) {
      assertThat(j.set("tls:first", "1")).isEqualTo("OK");
      assertThat(j.waitReplicas(2, 5000)).isEqualTo(2);
    }
    String master = cluster.status().currentMaster;
    for (String node : cluster.addresses().keySet()) {
      try (Jedis j = tls(cluster.address(node))) {
        String info = j.info("replication");
        if (node.equals(master)) {
          assertThat(info).contains("role:master").contains("connected_slaves:2");
        } else {
          assertThat(info).contains("role:slave").contains("master_link_status:up");
          assertThat(j.get("tls:first")).isEqualTo("1");
        }
      }
    }
  }

  @Test
  @Order(2)
  void plaintextIsRefusedOnEveryPort() {
    for (String node : cluster.addresses().keySet()) {
      HostAndPort a = cluster.address(node);
      assertThatThrownBy(
              () -> {
                try (Jedis plain = new Jedis(a, E2eCluster.jedisConfig(2000))) {
                  plain.ping();
                }
              })
          .as(node + " in plaintext")
          .isInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
      try (Jedis j = tls(a)) {
        assertThat(j.ping()).as(node + " still serves TLS").isEqualTo("PONG");
      }
    }
  }

  @Test
  @Order(3)
  void certificateRotationsReachRunningNodesWithoutAClientError() throws Exception {
    List<Long> pids =
        cluster.addresses().keySet().stream().map(n -> cluster.node(n).pid()).toList();
    try (TlsWriter writer = new TlsWriter(cluster.rw(), "rot")) {
      cluster.await("writes acknowledged", SETTLE, () -> writer.acked() > 20);

      // The same CA, a new certificate: new connections get it.
      Map<String, String> renewed = ca.issue(dnsNames(), List.of(), Duration.ofHours(2), true);
      writeSecret(renewed);
      BigInteger serial = certificate(renewed.get("tls.crt")).getSerialNumber();
      awaitServed(serial);

      // A new CA: first shipped next to the old one (clients trust the bundle), then the
      // certificate it signs.
      TestCa next = TestCa.create("three-dc-ca-2");
      trustedCas = ca.caPem() + next.caPem();
      Map<String, String> moved =
          new java.util.HashMap<>(next.issue(dnsNames(), List.of(), Duration.ofHours(1), true));
      moved.put("ca.crt", trustedCas);
      writeSecret(moved);
      awaitServed(certificate(moved.get("tls.crt")).getSerialNumber());
      long before = writer.acked();
      cluster.await("writes after the rotations", SETTLE, () -> writer.acked() > before + 20);
      assertThat(writer.errors())
          .as("client errors during the rotations: " + writer.lastError())
          .isZero();
    }
    assertThat(cluster.addresses().keySet().stream().map(n -> cluster.node(n).pid()).toList())
        .as("no node restarted for a rotation")
        .isEqualTo(pids);
    assertThat(cluster.status().failoverHistory).as("no failover").isEmpty();
  }

  @Test
  @Order(4)
  void aFailoverStillWorksOverTls() throws Exception {
    String old = cluster.status().currentMaster;
    try (TlsWriter writer = new TlsWriter(cluster.rw(), "failover")) {
      cluster.await("writes acknowledged", SETTLE, () -> writer.acked() > 10);
      cluster.local.kill(old);
      long killedAt = System.nanoTime();
      cluster.await(
          "another master",
          SETTLE,
          () ->
              cluster.status().currentMaster != null
                  && !old.equals(cluster.status().currentMaster));
      cluster.await("writes after the kill", SETTLE, () -> writer.acknowledgedSince(killedAt));
      writer.stop();
      writer.assertNothingLost();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static void writeSecret(Map<String, String> data) {
    cluster
        .client()
        .secrets()
        .inNamespace(cluster.local.namespace())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(SECRET)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withStringData(data)
                .build())
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }

  /** Every node serves the certificate {@code serial} to a new connection. */
  private static void awaitServed(BigInteger serial) {
    for (String node : cluster.addresses().keySet()) {
      cluster.await(
          node + " serving certificate " + serial,
          SETTLE,
          () -> serial.equals(servedCertificate(cluster.address(node)).getSerialNumber()));
    }
  }

  private static X509Certificate servedCertificate(HostAndPort at) throws Exception {
    try (SSLSocket s =
        (SSLSocket) context().getSocketFactory().createSocket(at.getHost(), at.getPort())) {
      s.setSoTimeout(2000);
      s.startHandshake();
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }

  static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Trusts {@link #trustedCas} as they are now. */
  static SSLContext context() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int i = 0;
    for (var c :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(trustedCas.getBytes(StandardCharsets.US_ASCII)))) {
      store.setCertificateEntry("ca-" + i++, c);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  /**
   * A TLS client config with the cluster's password: the CA checks the chain; the certificate must
   * name the cluster's read-write Service, which the client reaches here through the local
   * forwarder's address.
   */
  static JedisClientConfig tlsConfig(int timeoutMillis) {
    try {
      String rw = cluster.name() + "-rw." + cluster.local.namespace() + ".svc";
      return DefaultJedisClientConfig.builder()
          .timeoutMillis(timeoutMillis)
          .password(cluster.password()) // every cluster has one: spec.auth's or generated
          .ssl(true)
          .sslSocketFactory(context().getSocketFactory())
          .hostnameVerifier((host, session) -> names(session).contains(rw))
          .build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> names(SSLSession session) {
    try {
      X509Certificate c = (X509Certificate) session.getPeerCertificates()[0];
      List<String> names = new ArrayList<>();
      for (List<?> san : c.getSubjectAlternativeNames()) {
        names.add(String.valueOf(san.get(1)));
      }
      return names;
    } catch (Exception e) {
      return List.of();
    }
  }

  static Jedis tls(InetSocketAddress a) {
    return new Jedis(new HostAndPort(a.getHostString(), a.getPort()), tlsConfig(5000));
  }

  static Jedis tls(HostAndPort a) {
    return new Jedis(a, tlsConfig(5000));
  }

  /** SET + WAIT 1 over TLS through the read-write endpoint, counting every error. */
  static final class TlsWriter implements AutoCloseable {
    private final InetSocketAddress endpoint;
    private final String prefix;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lastAck = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final Thread thread;

    TlsWriter(InetSocketAddress endpoint, String prefix) {
      this.endpoint = endpoint;
      this.prefix = prefix;
      this.thread = Thread.ofPlatform().name("tls-writer-" + prefix).start(this::run);
    }

    private void run() {
      long i = 0;
      Jedis j = null;
      while (running.get()) {
        try {
          if (j == null) {
            j = tls(endpoint);
          }
          String key = prefix + ":" + i;
          j.set(key, "v" + i);
          if (j.waitReplicas(1, 1000) >= 1) {
            acknowledged.put(key, "v" + i);
            lastAck.set(System.nanoTime());
          }
          i++;
        } catch (RuntimeException e) {
          errors.incrementAndGet();
          lastError.set(e.toString());
          Connections.discard(j);
          j = null;
          try {
            Thread.sleep(50);
          } catch (InterruptedException interrupted) {
            return;
          }
        }
      }
      Connections.discard(j);
    }

    long acked() {
      return acknowledged.size();
    }

    long errors() {
      return errors.get();
    }

    String lastError() {
      return lastError.get();
    }

    boolean acknowledgedSince(long nanos) {
      return lastAck.get() > nanos;
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }

    void assertNothingLost() {
      cluster.await(
          "every acknowledged write readable over TLS",
          SETTLE,
          () -> {
            try (Jedis j = tls(endpoint)) {
              for (var e : acknowledged.entrySet()) {
                if (!e.getValue().equals(j.get(e.getKey()))) {
                  return false;
                }
              }
              return true;
            } catch (redis.clients.jedis.exceptions.JedisConnectionException refused) {
              // Right after a failover the read-write Service may still route to the old master,
              // whose connections are reset (as kube-proxy's are until its endpoints update):
              // not yet readable, so look again.
              return false;
            }
          });
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }
}
