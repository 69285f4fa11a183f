package io.banyan.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data node's floors, as ARCHITECTURE.md draws them: each package may use only the floors below
 * it, so the layering cannot drift back into one import circle. Checked on the compiled classes
 * (bytecode), so a fully qualified name in a method body counts as much as an import.
 */
class ArchitectureTest {
  private static final String NODE = "io.banyan.node";
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(NODE);
  }

  @Test
  void eachFloorUsesOnlyTheFloorsBelowIt() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Leaves")
        .definedBy(NODE + ".io..", NODE + ".log..", NODE + ".identity..")
        .layer("Protocol")
        .definedBy(NODE + ".resp..")
        .layer("Store")
        .definedBy(NODE + ".store..")
        .layer("Config")
        .definedBy(NODE + ".config..")
        // The command thread's own services, the sessions they serve, the command model the
        // dispatcher checks and the ACL users it checks them against (a session holds its user):
        // the handler signature names the Client, so they share one floor.
        .layer("Engine")
        .definedBy(
            NODE + ".engine..",
            NODE + ".client..",
            NODE + ".command.model..",
            NODE + ".pubsub..",
            NODE + ".acl..")
        // Connections over Netty channels: client sockets, the replica's master link, and the
        // channel-less clients that replay the AOF.
        .layer("Transport")
        .definedBy(NODE + ".transport..")
        .layer("Persistence")
        .definedBy(NODE + ".persistence..")
        .layer("Fencing")
        .definedBy(NODE + ".fencing..")
        .layer("Replication")
        .definedBy(NODE + ".replication..")
        .layer("Commands")
        .definedBy(
            DescribedPredicate.describe(
                "the command families",
                c ->
                    c.getPackageName().startsWith(NODE + ".command")
                        && !c.getPackageName().startsWith(NODE + ".command.model")))
        .layer("Edge")
        .definedBy(NODE, NODE + ".server..", NODE + ".http..", NODE + ".metrics..")
        .whereLayer("Leaves")
        .mayNotAccessAnyLayer()
        .whereLayer("Protocol")
        .mayOnlyAccessLayers("Leaves")
        .whereLayer("Store")
        .mayOnlyAccessLayers("Leaves", "Protocol")
        .whereLayer("Config")
        .mayOnlyAccessLayers("Leaves", "Protocol", "Store")
        .whereLayer("Engine")
        .mayOnlyAccessLayers("Leaves", "Protocol", "Store", "Config")
        .whereLayer("Transport")
        .mayOnlyAccessLayers("Leaves", "Protocol", "Store", "Config", "Engine")
        .whereLayer("Persistence")
        .mayOnlyAccessLayers("Leaves", "Protocol", "Store", "Config", "Engine", "Transport")
        .whereLayer("Fencing")
        .mayOnlyAccessLayers("Leaves", "Protocol", "Store", "Config", "Engine", "Persistence")
        .whereLayer("Replication")
        .mayOnlyAccessLayers(
            "Leaves",
            "Protocol",
            "Store",
            "Config",
            "Engine",
            "Transport",
            "Persistence",
            "Fencing")
        .whereLayer("Commands")
        .mayOnlyAccessLayers(
            "Leaves",
            "Protocol",
            "Store",
            "Config",
            "Engine",
            "Persistence",
            "Fencing",
            "Replication")
        .check(classes);
  }

  @Test
  void theCommandModelKnowsNoEngineService() {
    noClasses()
        .that()
        .resideInAPackage(NODE + ".command.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(NODE + ".engine..", NODE + ".pubsub..")
        .because("the model is what the engine checks, not a user of the engine")
        .check(classes);
  }

  @Test
  void protocolStoreAndSessionsKnowNoNettyChannel() {
    noClasses()
        .that()
        .resideInAnyPackage(NODE + ".resp..", NODE + ".store..", NODE + ".client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty.channel..", "io.netty.handler..", "io.netty.bootstrap..")
        .because("decoding, replies and the keyspace must run without a socket")
        .check(classes);
  }

  @Test
  void commandsKnowNoNettyChannel() {
    noClasses()
        .that()
        .resideInAPackage(NODE + ".command..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty.channel..", "io.netty.bootstrap..")
        .because("commands run against a session and a reply buffer, testable without a socket")
        .check(classes);
  }
}
