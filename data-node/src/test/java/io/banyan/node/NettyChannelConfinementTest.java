package io.banyan.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The codec and the client session know no Netty channel: a command runs against a {@code
 * client.Connection}, which the transport implements, so it can run in-process as well as over a
 * socket. Buffers ({@code io.netty.buffer}) are fine: they are the reply and request bytes.
 */
class NettyChannelConfinementTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.banyan.node");

  @Test
  void respAndClientImportNoChannelTypes() {
    noClasses()
        .that()
        .resideInAnyPackage("io.banyan.node.resp..", "io.banyan.node.client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty.channel..", "io.netty.handler..", "io.netty.bootstrap..")
        .check(MAIN);
  }
}
