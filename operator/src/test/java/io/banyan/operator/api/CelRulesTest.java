package io.banyan.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD's CEL rules ({@code x-kubernetes-validations}) evaluated with a real CEL implementation
 * (cel-java, RE2 regexes, as the API server), on every example and broken file after the schema's
 * defaults are applied (the API server validates defaulted objects). Each rule must compile, pass
 * on every example, and be mirrored by {@link SpecValidation}: a rule fails on a file exactly when
 * SpecValidation reports the rule's message for it.
 */
class CelRulesTest {
  /** One rule, found at {@code path} ({@code /properties/spec/properties/zones/items/...}). */
  record Rule(List<String> path, String expression, String message, CelRuntime.Program program) {}

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .build();
  static JsonNode openApi;
  static List<Rule> rules = new ArrayList<>();

  @BeforeAll
  static void compileRules() throws Exception {
    JsonNode crd = SchemaValidationTest.YAML.readTree(CrdFiles.generate().toFile());
    openApi = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    collect(openApi, new ArrayList<>());
    assertThat(rules).hasSizeGreaterThanOrEqualTo(8);
  }

  private static void collect(JsonNode schema, List<String> path) throws Exception {
    for (JsonNode r : schema.path("x-kubernetes-validations")) {
      String expression = r.get("rule").asText();
      CelAbstractSyntaxTree ast;
      try {
        ast = CEL.compile(expression).getAst();
      } catch (CelValidationException e) {
        throw new AssertionError("the CEL rule at " + path + " does not compile: " + expression, e);
      }
      rules.add(
          new Rule(
              List.copyOf(path), expression, r.get("message").asText(), CEL.createProgram(ast)));
    }
    for (var e : schema.path("properties").properties()) {
      path.add(e.getKey());
      collect(e.getValue(), path);
      path.remove(path.size() - 1);
    }
    for (String nested : List.of("items", "additionalProperties")) {
      if (schema.path(nested).isObject()) {
        path.add(nested.equals("items") ? "[]" : "{}");
        collect(schema.get(nested), path);
        path.remove(path.size() - 1);
      }
    }
  }

  /** Examples and broken files that pass the OpenAPI schema (CEL runs on well-typed objects). */
  static Stream<Path> files() throws Exception {
    List<Path> wellTyped = new ArrayList<>();
    for (Path file : SchemaValidationTest.broken().toList()) {
      if (!SchemaValidationTest.Header.of(file).kind().equals("schema")) {
        wellTyped.add(file);
      }
    }
    return Stream.concat(SchemaValidationTest.examples(), wellTyped.stream());
  }

  @ParameterizedTest
  @MethodSource("files")
  void celAndSpecValidationAgree(Path file) throws Exception {
    JsonNode cr = SchemaValidationTest.YAML.readTree(file.toFile());
    Set<String> failed = failedRules(cr);
    List<String> reported =
        SpecValidation.validate(
            SchemaValidationTest.YAML.treeToValue(cr, StoreCluster.class).getSpec());
    Set<String> celMessages = new LinkedHashSet<>();
    rules.forEach(r -> celMessages.add(r.message()));

    assertThat(reported).as("SpecValidation mirrors the failed CEL rules").containsAll(failed);
    assertThat(reported.stream().filter(celMessages::contains))
        .as("SpecValidation reports a CEL rule's message only when the rule fails")
        .allMatch(failed::contains);
    if (file.startsWith(CrdFiles.examples())) {
      assertThat(failed).as(file + " passes every CEL rule").isEmpty();
      return;
    }
    SchemaValidationTest.Header header = SchemaValidationTest.Header.of(file);
    if (header.kind().equals("cel")) {
      assertThat(failed)
          .as(file.getFileName() + " fails a CEL rule")
          .anyMatch(m -> m.contains(header.text()));
    } else if (header.kind().equals("operator")) {
      assertThat(failed).as(file.getFileName() + " passes every CEL rule").isEmpty();
    }
  }

  @Test
  void everyRuleHasABrokenFileThatBreaksIt() throws Exception {
    List<String> celHeaders = new ArrayList<>();
    for (Path file : SchemaValidationTest.broken().toList()) {
      SchemaValidationTest.Header h = SchemaValidationTest.Header.of(file);
      if (h.kind().equals("cel")) {
        celHeaders.add(h.text());
      }
    }
    for (Rule rule : rules) {
      assertThat(celHeaders)
          .as("a broken/ file with '# cel:' for '%s'", rule.message())
          .anyMatch(rule.message()::contains);
    }
  }

  /** Messages of the rules that evaluate to false on the defaulted {@code cr}. */
  private static Set<String> failedRules(JsonNode cr) throws Exception {
    JsonNode defaulted = cr.deepCopy();
    applyDefaults(defaulted, openApi);
    Set<String> failed = new LinkedHashSet<>();
    for (Rule rule : rules) {
      for (JsonNode self : select(defaulted, rule.path())) {
        Object result = rule.program().eval(Map.of("self", toCel(self)));
        if (!Boolean.TRUE.equals(result)) {
          failed.add(rule.message());
        }
      }
    }
    return failed;
  }

  private static List<JsonNode> select(JsonNode node, List<String> path) {
    List<JsonNode> current = List.of(node);
    for (String step : path) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        switch (step) {
          case "[]" -> n.forEach(next::add);
          case "{}" -> n.properties().forEach(e -> next.add(e.getValue()));
          default -> {
            if (n.has(step) && !n.get(step).isNull()) {
              next.add(n.get(step));
            }
          }
        }
      }
      current = next;
    }
    return current;
  }

  /** The API server's structural defaulting: absent properties with a default get it. */
  private static void applyDefaults(JsonNode node, JsonNode schema) {
    if (node instanceof ObjectNode o) {
      for (var e : schema.path("properties").properties()) {
        if (!o.has(e.getKey()) && e.getValue().has("default")) {
          o.set(e.getKey(), e.getValue().get("default").deepCopy());
        }
        if (o.has(e.getKey())) {
          applyDefaults(o.get(e.getKey()), e.getValue());
        }
      }
      if (schema.path("additionalProperties").isObject()) {
        o.properties()
            .forEach(e -> applyDefaults(e.getValue(), schema.get("additionalProperties")));
      }
    } else if (node instanceof ArrayNode a && schema.path("items").isObject()) {
      a.forEach(item -> applyDefaults(item, schema.get("items")));
    }
  }

  /** JSON as CEL values: maps, lists, int64, double, strings, booleans. */
  private static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(toCel(n)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
