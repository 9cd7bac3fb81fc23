package dev.glassbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering rules of DEVELOPERS.md, enforced. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.glassbox");
  }

  @Test
  void engineNeverImportsJavaFx() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.glassbox.castore..",
            "dev.glassbox.request..",
            "dev.glassbox.sandbox..",
            "dev.glassbox.service..",
            "dev.glassbox.history..",
            "dev.glassbox.cli..",
            "dev.glassbox.bench..",
            "dev.glassbox.terminal..",
            "dev.glassbox.browse..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javafx..", "org.fxmisc..")
        .because("the engine runs headless (CLI, CI, tests); only the UI may use JavaFX")
        .check(classes);
  }

  @Test
  void uiNeverRunsProcessesFuseOrRunc() {
    noClasses()
        .that()
        .resideInAPackage("dev.glassbox.ui..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.glassbox.sandbox.fuse..", "dev.glassbox.sandbox.runc..", "jnr..", "ru.serce..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.ProcessBuilder")
        .because("the UI talks to the build service; one composition root wires the adapters")
        .check(classes);
  }

  @Test
  void uiTalksToTerminalsThroughTheSessionInterfaceOnly() {
    noClasses()
        .that()
        .resideInAPackage("dev.glassbox.ui..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.glassbox.terminal.process..", "com.pty4j..", "com.sun.jna..")
        .because("the pty and the processes behind a terminal are wired in by the composition root")
        .check(classes);
  }

  @Test
  void terminalsKnowNothingOfBuildsOrTheUi() {
    noClasses()
        .that()
        .resideInAPackage("dev.glassbox.terminal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.glassbox.ui..", "dev.glassbox.app..", "dev.glassbox.service..",
            "dev.glassbox.sandbox..", "dev.glassbox.history..", "dev.glassbox.cli..")
        .because("a terminal runs any argv; what it runs (a sandbox shell) is decided elsewhere")
        .check(classes);
  }

  @Test
  void onlyTheTerminalProcessPackageUsesPty4j() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.glassbox.terminal.process..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.pty4j..")
        .because("one adapter owns the native pseudo-terminal")
        .check(classes);
  }

  @Test
  void castoreDependsOnNothingElseInGlassbox() {
    noClasses()
        .that()
        .resideInAPackage("dev.glassbox.castore..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.glassbox.request..",
            "dev.glassbox.sandbox..",
            "dev.glassbox.service..",
            "dev.glassbox.cli..",
            "dev.glassbox.ui..",
            "dev.glassbox.app..")
        .because("the store is the foundation every other part stands on")
        .check(classes);
  }

  @Test
  void serviceAndHistoryStandOnTheEngineOnly() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.glassbox.service..", "dev.glassbox.history..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.glassbox.cli..", "dev.glassbox.app..", "dev.glassbox.ui..", "dev.glassbox.bench..",
            "dev.glassbox.sandbox.fuse..", "dev.glassbox.sandbox.runc..")
        .because("the CLI and the app drive the service; the service sees the engine, not its adapters")
        .check(classes);
  }

  @Test
  void historyKnowsNothingOfTheService() {
    noClasses()
        .that()
        .resideInAPackage("dev.glassbox.history..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.glassbox.service..")
        .because("the history is a record any process can read, with or without a running service")
        .check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.glassbox.(*)..").should().beFreeOfCycles().check(classes);
  }
}
