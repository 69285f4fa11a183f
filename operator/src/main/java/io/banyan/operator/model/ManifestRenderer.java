package io.banyan.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.banyan.operator.api.CrdSchema;
import io.banyan.operator.api.SpecValidation;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.model.ClusterObjects.DesiredObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A StoreCluster document in, every object the operator would create for it out — as objects and as
 * a YAML stream ({@code banyan render}, GitOps diffs, reviews). Pure: the same checks the API
 * server and the operator make (schema, CEL rules and the operator's own checks) and the same model
 * the reconciler applies; no cluster is involved.
 */
public final class ManifestRenderer {
  /** The uid owner references carry when the document has none (it has not been created yet). */
  public static final String PLACEHOLDER_UID = "00000000-0000-0000-0000-000000000000";

  public static final String DEFAULT_NAMESPACE = "default";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * The outcome: the objects when the document is valid, else the errors, each naming its field.
   */
  public record Result(List<HasMetadata> objects, List<String> errors) {
    public Result {
      objects = List.copyOf(objects);
      errors = List.copyOf(errors);
    }

    public boolean valid() {
      return errors.isEmpty();
    }

    /** The objects as one YAML stream, one document each. */
    public String yaml() {
      return ManifestRenderer.yaml(objects);
    }
  }

  private ManifestRenderer() {}

  /** Renders one StoreCluster document (YAML or JSON text). */
  public static Result render(String document) {
    JsonNode cr;
    try {
      List<JsonNode> docs = documents(document);
      if (docs.size() != 1) {
        return invalid("expected one StoreCluster document, found " + docs.size());
      }
      cr = docs.get(0);
    } catch (IOException e) {
      return invalid("not YAML: " + e.getMessage());
    }
    List<String> errors = new ArrayList<>();
    String apiVersion = cr.path("apiVersion").asText();
    String kind = cr.path("kind").asText();
    String expected = StoreCluster.GROUP + "/" + StoreCluster.VERSION;
    if (!apiVersion.equals(expected) || !kind.equals("StoreCluster")) {
      errors.add(
          "apiVersion/kind: expected "
              + expected
              + " StoreCluster, found "
              + (apiVersion.isEmpty() ? "none" : apiVersion)
              + " "
              + (kind.isEmpty() ? "none" : kind));
    }
    if (cr.path("metadata").path("name").asText().isEmpty()) {
      errors.add("metadata.name: required");
    }
    errors.addAll(CrdSchema.packaged().validate(cr));
    if (!errors.isEmpty()) {
      return invalid(errors);
    }
    StoreCluster sc;
    try {
      sc = YAML.treeToValue(cr, StoreCluster.class);
    } catch (JsonProcessingException e) {
      return invalid(describe(e));
    }
    errors.addAll(SpecValidation.validate(sc.getSpec()));
    if (!errors.isEmpty()) {
      return invalid(errors);
    }
    if (sc.getMetadata().getNamespace() == null) {
      sc.getMetadata().setNamespace(DEFAULT_NAMESPACE);
    }
    if (sc.getMetadata().getUid() == null) {
      sc.getMetadata().setUid(PLACEHOLDER_UID);
    }
    return new Result(objects(ClusterObjects.desired(sc)), List.of());
  }

  /**
   * The objects in the order they would be applied: configuration and Services first, the budget,
   * then each node's claim before its pod.
   */
  public static List<HasMetadata> objects(DesiredObjects d) {
    List<HasMetadata> all = new ArrayList<>();
    all.add(d.config());
    all.addAll(d.services());
    all.add(d.pdb());
    all.addAll(d.pvcs());
    all.addAll(d.pods());
    return all;
  }

  /** A YAML stream, one document per object, written by fabric8's serializer. */
  public static String yaml(List<HasMetadata> objects) {
    StringBuilder out = new StringBuilder();
    for (HasMetadata o : objects) {
      String doc = SERIALIZATION.asYaml(o);
      out.append(doc.startsWith("---") ? "" : "---\n").append(doc);
      if (!doc.endsWith("\n")) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static List<JsonNode> documents(String text) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private static String describe(JsonProcessingException e) {
    if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      StringBuilder field = new StringBuilder();
      for (var ref : m.getPath()) {
        if (ref.getFieldName() != null) {
          field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
        } else {
          field.append('[').append(ref.getIndex()).append(']');
        }
      }
      return field + ": " + e.getOriginalMessage();
    }
    return e.getOriginalMessage();
  }

  private static Result invalid(String error) {
    return new Result(List.of(), List.of(error));
  }

  private static Result invalid(List<String> errors) {
    return new Result(List.of(), errors);
  }
}
