package io.github.asyncjobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency direction of docs/architecture.md: the job layer owns the ports it needs and knows no adapter and no
 * HTTP; the adapters implement the ports and know no HTTP; the HTTP layer knows the job layer only; the bundled
 * handlers know only the handler SPI.
 */
@AnalyzeClasses(packages = "io.github.asyncjobs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theJobLayerKnowsNoAdapterAndNoHttp = noClasses().that().resideInAPackage("..asyncjobs.job..")
            .should().dependOnClassesThat().resideInAnyPackage("..asyncjobs.adapter..", "..asyncjobs.api..",
                    "..asyncjobs.handler..", "com.azure..", "jakarta.ws.rs..", "java.sql..", "org.flywaydb..", "org.sqlite..",
                    "io.agroal..");

    @ArchTest
    static final ArchRule theAdaptersKnowNoHttp = noClasses().that().resideInAPackage("..asyncjobs.adapter..")
            .should().dependOnClassesThat().resideInAnyPackage("..asyncjobs.api..", "jakarta.ws.rs..");

    @ArchTest
    static final ArchRule theHttpLayerKnowsOnlyTheJobLayer = noClasses().that().resideInAPackage("..asyncjobs.api..")
            .should().dependOnClassesThat().resideInAnyPackage("..asyncjobs.adapter..", "..asyncjobs.handler..", "com.azure..");

    @ArchTest
    static final ArchRule theBundledHandlersKnowOnlyTheSpi = noClasses().that().resideInAPackage("..asyncjobs.handler..")
            .should().dependOnClassesThat().resideInAnyPackage("..asyncjobs.adapter..", "..asyncjobs.api..",
                    "..asyncjobs.job", "..asyncjobs.job.queue..", "..asyncjobs.job.store..");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.github.asyncjobs.(*)..").should().beFreeOfCycles();
}
