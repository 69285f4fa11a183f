package io.banyan.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example passes the generated CRD's openAPIV3Schema and {@link SpecValidation}; every broken
 * CR under test resources {@code broken/} fails, with a message naming the field given on its first
 * line: {@code # schema: <field>} (the OpenAPI schema refuses it), {@code # cel: <text>} (a CEL
 * rule refuses it, {@link CelRulesTest} evaluates the rule itself) or {@code # operator: <text>}
 * (only the operator can check it: {@link SpecValidation} reports it and the cluster goes Failed).
 *
 * <p>Unknown fields are rejected, as kubectl's default strict field validation does (the API server
 * would otherwise prune them silently).
 */
class SchemaValidationTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static CrdSchema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    schema = CrdSchema.of(YAML.readTree(CrdFiles.generate().toFile()));
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

  /** The header of a broken file: {@code kind} is schema, cel or operator. */
  record Header(String kind, String text) {
    static Header of(Path file) throws IOException {
      String first = Files.readString(file).lines().findFirst().orElseThrow();
      for (String kind : List.of("schema", "cel", "operator")) {
        String prefix = "# " + kind + ": ";
        if (first.startsWith(prefix)) {
          return new Header(kind, first.substring(prefix.length()).trim());
        }
      }
      throw new AssertionError(
          file + " must start with '# schema: <field>', '# cel: <text>' or '# operator: <text>'");
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void examplePassesSchemaAndRules(Path file) throws IOException {
    JsonNode cr = YAML.readTree(file.toFile());
    assertThat(schema.validate(cr)).as(file.getFileName() + " against the schema").isEmpty();
    StoreCluster sc = YAML.treeToValue(cr, StoreCluster.class);
    assertThat(SpecValidation.validate(sc.getSpec())).as(file + " against the rules").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("broken")
  void brokenCrIsRejectedNamingTheField(Path file) throws IOException {
    Header header = Header.of(file);
    JsonNode cr = YAML.readTree(file.toFile());
    List<String> errors = schema.validate(cr);
    if (header.kind().equals("schema")) {
      assertThat(errors)
          .as(file.getFileName() + " fails the schema naming " + header.text())
          .isNotEmpty()
          .anyMatch(m -> m.contains(header.text()));
    } else {
      assertThat(errors).as(file.getFileName() + " passes the OpenAPI part").isEmpty();
      StoreCluster sc = YAML.treeToValue(cr, StoreCluster.class);
      assertThat(SpecValidation.validate(sc.getSpec()))
          .as(file.getFileName() + " is refused by the rules")
          .anyMatch(m -> m.contains(header.text()));
    }
  }

  @Test
  void schemaMessagesNameTheFieldPath() throws Exception {
    JsonNode cr =
        YAML.readTree(
            """
            apiVersion: banyan.io/v1alpha1
            kind: StoreCluster
            metadata: {name: x}
            spec:
              zones:
                - {name: a, initialMaster: true, masterBackups: 9}
                - {initialMaster: false, placement: {nodeLabelValue: us-east-1a}}
            """);
    assertThat(schema.validate(cr))
        .contains(
            "spec.zones[1].name: required", "spec.zones[1].placement.nodeLabelValue: unknown field")
        .anyMatch(m -> m.startsWith("spec.zones[0].masterBackups: "));
  }

  @Test
  void thePackagedSchemaIsTheCommittedCrd() throws Exception {
    JsonNode cr = YAML.readTree(CrdFiles.examples().resolve("three-datacenters.yaml").toFile());
    assertThat(CrdSchema.packaged().validate(cr)).isEmpty();
    ((com.fasterxml.jackson.databind.node.ObjectNode) cr.get("spec")).put("surprise", 1);
    assertThat(CrdSchema.packaged().validate(cr)).containsExactly("spec.surprise: unknown field");
  }
}
