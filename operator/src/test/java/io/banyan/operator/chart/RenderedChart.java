package io.banyan.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The manifests {@code helm template} renders from the chart for a set of {@code --set} values,
 * parsed into generic resources that tests look up by kind, name and namespace.
 */
record RenderedChart(List<GenericKubernetesResource> resources) {
  static final String RELEASE = "banyan";
  static final String NAMESPACE = "banyan-system";

  /** helm template's default (v1.20) is older than the chart's kubeVersion floor. */
  static final String KUBE_VERSION = "v1.31.0";

  private static final YAMLMapper YAML = new YAMLMapper();

  static Path repoRoot() {
    return io.banyan.operator.testing.Repo.root();
  }

  static Path chartDir() {
    return repoRoot().resolve("charts").resolve("banyan-operator");
  }

  /** Renders the chart with its default values. */
  static RenderedChart render() {
    return render("{}");
  }

  /**
   * Renders the chart as release {@value #RELEASE} in {@value #NAMESPACE} with these values (YAML,
   * passed as a values file: {@code --set} through helm-java would turn lists and numbers into
   * strings, which the values schema rejects).
   */
  static RenderedChart render(String valuesYaml) {
    try {
      // Surefire points java.io.tmpdir into target/, which may not exist yet.
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      Path values = Files.createTempFile(tmp, "values-", ".yaml");
      try {
        Files.writeString(values, valuesYaml);
        TemplateCommand template =
            new Helm(chartDir())
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .withValuesFile(values);
        return parse(template.call());
      } finally {
        Files.delete(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RenderedChart parse(String multiDocumentYaml) {
    List<GenericKubernetesResource> parsed = new ArrayList<>();
    try (MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(multiDocumentYaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        // Templates that render nothing leave empty documents between the separators.
        if (doc != null && doc.isObject() && doc.has("kind")) {
          parsed.add(YAML.convertValue(doc, GenericKubernetesResource.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RenderedChart(List.copyOf(parsed));
  }

  List<GenericKubernetesResource> ofKind(String kind) {
    return resources.stream().filter(r -> kind.equals(r.getKind())).toList();
  }

  List<String> kinds() {
    return resources.stream().map(GenericKubernetesResource::getKind).toList();
  }

  Optional<GenericKubernetesResource> find(String kind, String name) {
    return ofKind(kind).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
  }

  /** The single resource of this kind, typed (e.g. Deployment.class). */
  <T> T single(String kind, Class<T> type) {
    List<GenericKubernetesResource> matches = ofKind(kind);
    if (matches.size() != 1) {
      throw new AssertionError("expected one " + kind + " but rendered " + kinds());
    }
    return as(matches.get(0), type);
  }

  static <T> T as(GenericKubernetesResource resource, Class<T> type) {
    return Serialization.jsonMapper().convertValue(resource, type);
  }
}
