package org.healbms.deploy.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering the design promises, checked on the compiled classes of every module (deploy sees them
 * all through the CLI): dependencies point inward to {@code bms-core}, the safety logic stands on its
 * own, the firmware runs without the simulator or the CLI (the Pi jar carries neither), and no two
 * packages need each other (a cycle makes neither understandable nor testable alone).
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.healbms");
    }

    @Test
    void theCoreDependsOnNoOuterModule() {
        noClasses()
                .that()
                .resideInAPackage("org.healbms.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.healbms.drivers..",
                        "org.healbms.healing..",
                        "org.healbms.io..",
                        "org.healbms.sim..",
                        "org.healbms.firmware..",
                        "org.healbms.cli..",
                        "org.healbms.deploy..")
                .check(classes);
    }

    @Test
    void driversAndHealingDoNotDependOnTheSimulatorOrTheApplication() {
        noClasses()
                .that()
                .resideInAnyPackage("org.healbms.drivers..", "org.healbms.healing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.healbms.io..",
                        "org.healbms.sim..",
                        "org.healbms.firmware..",
                        "org.healbms.cli..",
                        "org.healbms.deploy..")
                .check(classes);
    }

    /** The file formats serve the firmware, the CLI and the simulator alike: they need none of them. */
    @Test
    void fileFormatsDependOnNoApplication() {
        noClasses()
                .that()
                .resideInAPackage("org.healbms.io..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.healbms.sim..", "org.healbms.firmware..", "org.healbms.cli..", "org.healbms.deploy..")
                .check(classes);
    }

    /** The simulator only simulates: it is found by the firmware at run time, never the other way round. */
    @Test
    void theSimulatorDependsOnNeitherTheFirmwareNorTheCli() {
        noClasses()
                .that()
                .resideInAPackage("org.healbms.sim..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.healbms.firmware..", "org.healbms.cli..", "org.healbms.deploy..")
                .check(classes);
    }

    /** What goes to the Pi: no emulators, no command line, no plots, no progress bars. */
    @Test
    void theFirmwareDependsOnNoSimulatorCliPlottingOrProgress() {
        noClasses()
                .that()
                .resideInAPackage("org.healbms.firmware..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.healbms.sim..",
                        "org.healbms.cli..",
                        "org.healbms.deploy..",
                        "picocli..",
                        "org.knowm.xchart..",
                        "me.tongfei.progressbar..")
                .check(classes);
    }

    /** The twin runs the core's estimator for a fleet: it needs no simulator, firmware or CLI, and they need no Kafka. */
    @Test
    void theTwinStandsOnTheCoreAloneAndNothingOnThePackNeedsIt() {
        noClasses()
                .that()
                .resideInAPackage("org.healbms.twin..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.healbms.sim..",
                        "org.healbms.firmware..",
                        "org.healbms.cli..",
                        "org.healbms.deploy..",
                        "org.healbms.drivers..",
                        "org.healbms.healing..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(
                        "org.healbms.core..",
                        "org.healbms.firmware..",
                        "org.healbms.drivers..",
                        "org.healbms.healing..",
                        "org.healbms.io..",
                        "org.healbms.sim..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.healbms.twin..", "org.apache.kafka..")
                .check(classes);
    }

    /** Protection must be reviewable alone: it may not reach into model identification. */
    @Test
    void protectionDoesNotDependOnIdentification() {
        noClasses()
                .that()
                .resideInAPackage("org.healbms.core.protection..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.healbms.core.identification..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.healbms.(**)").should().beFreeOfCycles().check(classes);
    }
}
