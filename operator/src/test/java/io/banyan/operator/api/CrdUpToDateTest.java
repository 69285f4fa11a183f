package io.banyan.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/**
 * The committed crds/ file is what the model generates; regenerate it with the flag below, which
 * also refreshes the Helm chart's copy (HelmChartTest checks the two are identical).
 */
class CrdUpToDateTest {
  static final String HOW_TO =
      "crds/"
          + CrdFiles.CRD_FILE
          + " differs from the CRD generated from io.banyan.operator.api. Regenerate it with: "
          + "mvn -B -pl operator -am test -Dtest=CrdUpToDateTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dbanyan.crd.update=true"
          + " and commit the result.";

  @Test
  void committedCrdMatchesGenerated() throws Exception {
    var generated = CrdFiles.generate();
    var committed = CrdFiles.committedCrd();
    if (Boolean.getBoolean("banyan.crd.update")) {
      Files.createDirectories(committed.getParent());
      Files.copy(generated, committed, StandardCopyOption.REPLACE_EXISTING);
      var chartCopy =
          CrdFiles.repoRoot().resolve("charts/banyan-operator/crds").resolve(CrdFiles.CRD_FILE);
      Files.copy(generated, chartCopy, StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(committed).as(HOW_TO).exists();
    assertThat(Files.readString(committed)).as(HOW_TO).isEqualTo(Files.readString(generated));
  }
}
