package io.banyan.node.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * What the explicit assembly ({@link NodeAssembly}) made true, kept true: the engine knows only its
 * own interfaces, never the subsystems that plug into them, and persistence (below replication)
 * never calls up into it — it declares what it needs and the assembly connects it.
 */
class AssemblyLayeringTest {
  private static final JavaClasses NODE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.banyan.node");

  @Test
  void engineDependsOnNeitherPersistenceNorReplication() {
    noClasses()
        .that()
        .resideInAPackage("io.banyan.node.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.banyan.node.persistence..", "io.banyan.node.replication..")
        .check(NODE);
  }

  @Test
  void persistenceDoesNotDependOnReplication() {
    noClasses()
        .that()
        .resideInAPackage("io.banyan.node.persistence..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.banyan.node.replication..")
        .check(NODE);
  }
}
