package io.banyan.operator.model;

import static io.banyan.operator.model.DesiredTree.InitialRole.MASTER;
import static io.banyan.operator.model.DesiredTree.InitialRole.MASTER_BACKUP;
import static io.banyan.operator.model.DesiredTree.InitialRole.REPLICA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.model.DesiredTree.Node;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredTreeTest {
  static StoreCluster example(String file) throws Exception {
    Path root = Path.of(System.getProperty("banyan.repo.root", ".."));
    return new ObjectMapper(new YAMLFactory())
        .readValue(root.resolve("examples").resolve(file).toFile(), StoreCluster.class);
  }

  @Test
  void threeDatacenters() throws Exception {
    List<Node> nodes = DesiredTree.of(example("three-datacenters.yaml").getSpec());
    assertThat(nodes)
        .containsExactly(
            new Node("jf-a-0", "jf-a", null, MASTER),
            new Node("jf-a-1", "jf-a", "jf-a-0", MASTER_BACKUP),
            new Node("jf-a-s1", "jf-a", "jf-a-0", REPLICA),
            new Node("jf-a-s2", "jf-a", "jf-a-s1", REPLICA),
            new Node("jf-b-0", "jf-b", "jf-a-0", MASTER_BACKUP),
            new Node("jf-b-s1", "jf-b", "jf-a-0", REPLICA),
            new Node("jf-b-s2", "jf-b", "jf-b-s1", REPLICA),
            new Node("jf-c-s1", "jf-c", "jf-a-0", REPLICA),
            new Node("jf-c-s2", "jf-c", "jf-c-s1", REPLICA));
    assertThat(nodes).noneMatch(n -> n.name().contains("master"));
  }

  @Test
  void replicationHelperTree() throws Exception {
    List<Node> nodes = DesiredTree.of(example("replication-helper-tree.yaml").getSpec());
    assertThat(nodes).hasSize(13);
    assertThat(nodes.get(0)).isEqualTo(new Node("dc1-0", "dc1", null, MASTER));
    for (int h = 1; h <= 3; h++) {
      String helper = "dc1-h" + h;
      assertThat(nodes).contains(new Node(helper, "dc1", "dc1-0", REPLICA));
      for (int l = 1; l <= 3; l++) {
        assertThat(nodes).contains(new Node(helper + "-l" + l, "dc1", helper, REPLICA));
      }
    }
    assertThat(nodes.stream().map(Node::name).distinct()).hasSize(13);
  }

  @Test
  void minimal() throws Exception {
    assertThat(DesiredTree.of(example("minimal-one-zone.yaml").getSpec()))
        .containsExactly(
            new Node("local-0", "local", null, MASTER),
            new Node("local-1", "local", "local-0", MASTER_BACKUP));
  }
}
