package io.banyan.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The StoreCluster CRD's {@code openAPIV3Schema} as a validator, so that a CR can be checked
 * without an API server ({@code banyan render}, tests) the way {@code kubectl apply} would check
 * it: types, enums, patterns, ranges, required fields, and unknown fields refused (kubectl's
 * default strict field validation). The CEL rules are {@link SpecValidation}'s part.
 */
public final class CrdSchema {
  /** The committed CRD (crds/), packaged next to this class. */
  static final String RESOURCE = StoreCluster.CRD_NAME + "-v1.yml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Schema schema;

  private CrdSchema(Schema schema) {
    this.schema = schema;
  }

  /** The schema of the CRD this operator was built with. */
  public static CrdSchema packaged() {
    try (InputStream in = CrdSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      return of(YAML.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema of a CustomResourceDefinition document (its first version). */
  public static CrdSchema of(JsonNode crd) {
    JsonNode open = crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
    if (open.isMissingNode()) {
      throw new IllegalArgumentException("no openAPIV3Schema in the CRD");
    }
    strict(open.at("/properties/spec")); // apiVersion, kind, metadata are the server's
    return new CrdSchema(
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(open));
  }

  /** What the schema refuses, each naming its field ({@code spec.zones[0].name: ...}). */
  public List<String> validate(JsonNode cr) {
    return schema.validate(cr).stream().map(CrdSchema::describe).distinct().toList();
  }

  private static String describe(Error e) {
    String field = field(e.getInstanceLocation());
    if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
      field = field.isEmpty() ? e.getProperty() : field + "." + e.getProperty();
      return field + ": required";
    }
    if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
      field = field.isEmpty() ? e.getProperty() : field + "." + e.getProperty();
      return field + ": unknown field";
    }
    return (field.isEmpty() ? "(root)" : field) + ": " + e.getMessage();
  }

  /** {@code spec.zones[0].name} from the instance location's elements. */
  static String field(NodePath path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(element);
      }
    }
    return out.toString();
  }

  /** additionalProperties: false wherever properties are declared (not inside metadata). */
  private static void strict(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.has("properties") && !o.has("additionalProperties")) {
        o.put("additionalProperties", false);
      }
      o.properties()
          .forEach(
              e -> {
                if (!e.getKey().equals("metadata")) {
                  strict(e.getValue());
                }
              });
    } else if (node != null && node.isArray()) {
      node.forEach(CrdSchema::strict);
    }
  }
}
