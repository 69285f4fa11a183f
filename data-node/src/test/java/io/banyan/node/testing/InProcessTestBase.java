package io.banyan.node.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The in-process tier: one {@link InProcessNode} per test class, emptied before each test, and
 * clients closed after it. For a command family's replies and edge cases; what needs a socket
 * (output limits, protocol abuse, real client libraries, interop) stays with {@link
 * ServerTestBase}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class InProcessTestBase {
  protected InProcessNode node;
  private final List<InProcessClient> opened = new ArrayList<>();

  @BeforeAll
  void startNode() {
    node = new InProcessNode();
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @BeforeEach
  void emptyNode() {
    node.flushAll();
  }

  @AfterEach
  void closeClients() {
    opened.forEach(InProcessClient::close);
    opened.clear();
  }

  /** A new client, closed after the test. */
  protected InProcessClient client() {
    InProcessClient c = node.client();
    opened.add(c);
    return c;
  }
}
