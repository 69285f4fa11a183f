package io.banyan.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.operator.api.StoreCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code banyan render}'s model: valid documents render, invalid ones say which field is wrong. */
class ManifestRendererTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static JsonNode json(HasMetadata o) throws Exception {
    return new ObjectMapper().readTree(SERIALIZATION.asJson(o));
  }

  private static String example(String file) throws Exception {
    return Files.readString(
        Path.of(System.getProperty("banyan.repo.root", "..")).resolve("examples").resolve(file));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"three-datacenters.yaml", "replication-helper-tree.yaml", "minimal-one-zone.yaml"})
  void theYamlStreamParsesBackIntoTheObjectsTheOperatorCreates(String file) throws Exception {
    ManifestRenderer.Result result = ManifestRenderer.render(example(file));
    assertThat(result.errors()).isEmpty();

    StoreCluster sc = DesiredTreeTest.example(file);
    sc.getMetadata().setNamespace("default");
    sc.getMetadata().setUid(ManifestRenderer.PLACEHOLDER_UID);
    List<HasMetadata> expected = ManifestRenderer.objects(ClusterObjects.desired(sc));
    assertThat(result.objects()).isEqualTo(expected);

    // A multi-document stream unmarshals to a list of typed objects; they are the same objects
    // (compared as the API would see them: Java's null and empty collections both mean absent).
    List<HasMetadata> back = SERIALIZATION.unmarshal(result.yaml());
    assertThat(back).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(json(back.get(i)))
          .as(expected.get(i).getMetadata().getName())
          .isEqualTo(json(expected.get(i)));
    }
    assertThat(back)
        .extracting(HasMetadata::getKind)
        .startsWith("ConfigMap", "Service")
        .contains("PodDisruptionBudget", "PersistentVolumeClaim")
        .endsWith("Pod");
    assertThat(back)
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("default"));
    assertThat(back.get(0).getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(ManifestRenderer.PLACEHOLDER_UID);
  }

  @Test
  void theDocumentsNamespaceIsKept() throws Exception {
    String doc =
        example("minimal-one-zone.yaml").replace("name: minimal", "name: m\n  namespace: stores");
    assertThat(ManifestRenderer.render(doc).objects())
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("stores"));
  }

  @Test
  void schemaErrorsNameTheirField() throws Exception {
    String doc =
        example("three-datacenters.yaml")
            .replace("nodeLabelValues: [us-east-1b]", "nodeLabelValue: us-east-1b")
            .replace("masterBackups: 1\n      replicas", "masterBackups: 12\n      replicas");
    ManifestRenderer.Result result = ManifestRenderer.render(doc);
    assertThat(result.valid()).isFalse();
    assertThat(result.objects()).isEmpty();
    assertThat(result.errors())
        .contains("spec.zones[1].placement.nodeLabelValue: unknown field")
        .anyMatch(e -> e.startsWith("spec.zones[0].masterBackups: "));
  }

  @Test
  void ruleAndOperatorErrorsNameTheirField() throws Exception {
    String doc =
        example("three-datacenters.yaml")
            .replace("promotionOrder: [jf-b, jf-c]", "promotionOrder: [jf-b, jf-x]")
            .replace("tcp-keepalive: \"60\"", "port: \"7000\"");
    assertThat(ManifestRenderer.render(doc).errors())
        .containsExactly(
            "spec.failover.promotionOrder: may only name zones listed in spec.zones",
            "spec.config.port: the operator owns this option: the pods' container port, probes"
                + " and Services use 6379");
  }

  @Test
  void notAStoreCluster() {
    assertThat(ManifestRenderer.render("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n").errors())
        .first()
        .asString()
        .startsWith("apiVersion/kind: expected banyan.io/v1alpha1 StoreCluster, found v1 Pod");
    assertThat(ManifestRenderer.render("a: [").errors()).first().asString().startsWith("not YAML");
    assertThat(ManifestRenderer.render("").errors())
        .containsExactly("expected one StoreCluster document, found 0");
  }
}
