package io.banyan.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example passes the generated CRD's openAPIV3Schema and the CEL rules (mirrored by {@link
 * SpecValidation}); every broken CR under test resources {@code broken/} fails, with a message
 * naming the field given on its first line ({@code # schema: <field>} or {@code # cel: <text>}).
 *
 * <p>Unknown fields are rejected, as kubectl's default strict field validation does (the API server
 * would otherwise prune them silently).
 */
class SchemaValidationTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static Schema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    JsonNode crd = YAML.readTree(CrdFiles.generate().toFile());
    JsonNode open = crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
    assertThat(open.isMissingNode()).isFalse();
    strict(open.at("/properties/spec")); // apiVersion, kind, metadata are checked by the server
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(open);
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
      node.forEach(SchemaValidationTest::strict);
    }
  }

  static Stream<Path> examples() throws IOException {
    try (var s = Files.list(CrdFiles.examples())) {
      List<Path> all = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(all).hasSizeGreaterThanOrEqualTo(3);
      return all.stream();
    }
  }

  static Stream<Path> broken() throws Exception {
    Path dir = Path.of(SchemaValidationTest.class.getResource("/broken").toURI());
    try (var s = Files.list(dir)) {
      return s.sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void examplePassesSchemaAndRules(Path file) throws IOException {
    JsonNode cr = YAML.readTree(file.toFile());
    assertThat(schema.validate(cr)).as(file.getFileName() + " against the schema").isEmpty();
    StoreCluster sc = YAML.treeToValue(cr, StoreCluster.class);
    assertThat(SpecValidation.validate(sc.getSpec())).as(file + " against CEL rules").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("broken")
  void brokenCrIsRejectedNamingTheField(Path file) throws IOException {
    String text = Files.readString(file);
    String first = text.lines().findFirst().orElseThrow();
    JsonNode cr = YAML.readTree(text);
    List<Error> errors = schema.validate(cr);
    if (first.startsWith("# schema: ")) {
      String field = first.substring("# schema: ".length()).trim();
      assertThat(errors).as(file.getFileName() + " must fail the schema").isNotEmpty();
      assertThat(errors.stream().map(Object::toString))
          .as(file.getFileName() + " errors name " + field)
          .anyMatch(m -> m.contains(field));
    } else if (first.startsWith("# cel: ")) {
      String message = first.substring("# cel: ".length()).trim();
      assertThat(errors).as(file.getFileName() + " passes the OpenAPI part").isEmpty();
      StoreCluster sc = YAML.treeToValue(cr, StoreCluster.class);
      assertThat(SpecValidation.validate(sc.getSpec()))
          .as(file.getFileName() + " violates a CEL rule")
          .anyMatch(m -> m.contains(message));
    } else {
      throw new AssertionError(file + " must start with '# schema: <field>' or '# cel: <text>'");
    }
  }
}
