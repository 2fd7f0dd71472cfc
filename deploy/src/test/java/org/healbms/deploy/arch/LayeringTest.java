package org.healbms.deploy.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering the design promises, checked on the compiled classes of every module: dependencies
 * point inward to {@code bms-core}, the safety logic stands on its own, and no two packages need
 * each other (a cycle makes neither understandable nor testable alone).
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.healbms");
    }

    @Test
    void theCoreDependsOnNoOuterModule() {
        noClasses().that().resideInAPackage("org.healbms.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.healbms.drivers..", "org.healbms.healing..",
                        "org.healbms.sim..", "org.healbms.deploy..")
                .check(classes);
    }

    @Test
    void driversAndHealingDoNotDependOnTheSimulatorOrTheApplication() {
        noClasses().that().resideInAnyPackage("org.healbms.drivers..", "org.healbms.healing..")
                .should().dependOnClassesThat().resideInAnyPackage("org.healbms.sim..", "org.healbms.deploy..")
                .check(classes);
    }

    /** Protection must be reviewable alone: it may not reach into model identification. */
    @Test
    void protectionDoesNotDependOnIdentification() {
        noClasses().that().resideInAPackage("org.healbms.core.protection..")
                .should().dependOnClassesThat().resideInAPackage("org.healbms.core.identification..")
                .check(classes);
    }
}
