package io.banyan.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each CEL rule in the generated CRD has its mirror in {@link SpecValidation} (same message). */
class CelRulesTest {
  @Test
  void everyCelRuleMessageIsMirrored() throws Exception {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(CrdFiles.generate().toFile());
    List<String> messages = new ArrayList<>();
    collect(crd.at("/spec/versions/0/schema/openAPIV3Schema"), messages);
    assertThat(messages).hasSizeGreaterThanOrEqualTo(6);
    String source =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("src/main/java/io/banyan/operator/api/SpecValidation.java"));
    for (String m : messages) {
      String head = m.substring(m.indexOf(':') + 2);
      assertThat(source).as("SpecValidation mirrors the rule '" + m + "'").contains(head);
    }
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.has("x-kubernetes-validations")) {
      node.get("x-kubernetes-validations").forEach(r -> out.add(r.get("message").asText()));
    }
    node.forEach(child -> collect(child, out));
  }
}
