package io.mailfleet.mta;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The MTA's packages form a graph without cycles, each subpackage a node of its own (so {@code
 * smtp} and {@code smtp.command} count as two), and the admin endpoints sit on top of it.
 */
class PackageDependenciesTest {

  private static final JavaClasses MTA =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.mailfleet.mta");

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().matching("io.mailfleet.mta.(**)").should().beFreeOfCycles().check(MTA);
  }

  @Test
  void onlyTheMtaItselfWiresTheAdminEndpoints() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.mailfleet.mta", "io.mailfleet.mta.admin..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.mailfleet.mta.admin..")
        .check(MTA);
  }
}
