package io.github.asyncjobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency direction of docs/architecture.md: the job layer owns the ports it needs and knows no adapter and no
 * HTTP; the adapters implement the ports and know no HTTP; the HTTP layer knows the job layer only; the bundled
 * handlers know only the handler SPI. Inside the job layer, each capability package may use only those below it: the
 * model at the bottom, the entry point the HTTP layer calls ({@code service}) at the top.
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

    @ArchTest
    static final ArchRule theJobModelKnowsNothingElseOfTheJobLayer = noClasses().that().resideInAPackage("io.github.asyncjobs.job")
            .should().dependOnClassesThat().resideInAPackage("io.github.asyncjobs.job.(*)..");

    @ArchTest
    static final ArchRule theJobLayersCapabilitiesPointDown = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("model").definedBy("io.github.asyncjobs.job")
            .layer("spi").definedBy("..asyncjobs.job.spi..")
            .layer("ports").definedBy("..asyncjobs.job.queue..", "..asyncjobs.job.store..")
            .layer("resilience").definedBy("..asyncjobs.job.resilience..")
            .layer("activity").definedBy("..asyncjobs.job.activity..")
            .layer("lifecycle").definedBy("..asyncjobs.job.lifecycle..")
            .layer("monitor").definedBy("..asyncjobs.job.monitor..")
            .layer("callback").definedBy("..asyncjobs.job.callback..")
            .layer("processing").definedBy("..asyncjobs.job.processing..")
            .layer("intake").definedBy("..asyncjobs.job.intake..")
            .layer("upkeep").definedBy("..asyncjobs.job.upkeep..")
            .layer("service").definedBy("..asyncjobs.job.service..")
            .whereLayer("service").mayNotBeAccessedByAnyLayer()
            .whereLayer("upkeep").mayNotBeAccessedByAnyLayer()
            .whereLayer("intake").mayOnlyBeAccessedByLayers("upkeep", "service")
            .whereLayer("processing").mayOnlyBeAccessedByLayers("upkeep", "service")
            .whereLayer("callback").mayOnlyBeAccessedByLayers("intake", "upkeep", "service")
            .whereLayer("monitor").mayOnlyBeAccessedByLayers("callback", "service")
            .whereLayer("activity").mayOnlyBeAccessedByLayers("lifecycle", "upkeep", "service")
            .whereLayer("lifecycle").mayOnlyBeAccessedByLayers("monitor", "callback", "processing", "intake", "upkeep", "service")
            .whereLayer("resilience").mayOnlyBeAccessedByLayers("callback", "processing", "intake", "upkeep", "service")
            .whereLayer("ports").mayOnlyBeAccessedByLayers("ports", "resilience", "activity", "lifecycle", "monitor", "callback", "processing",
                    "intake", "upkeep", "service")
            .whereLayer("spi").mayOnlyBeAccessedByLayers("callback", "processing", "intake", "service");
}
