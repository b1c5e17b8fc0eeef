package dev.dsar.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.dsar.adapters.filesystem.violations.FilesystemAdapterCallingPersistence;
import dev.dsar.adapters.http.violations.HttpAdapterReachingIntoVertx;
import dev.dsar.adapters.http.violations.HttpAdapterRunningSql;
import dev.dsar.adapters.http.violations.HttpAdapterUsingBootstrap;
import dev.dsar.application.port.out.violations.PortReturningACommand;
import dev.dsar.application.port.out.violations.PortWithState;
import dev.dsar.application.violations.ApplicationUsingVertxJson;
import dev.dsar.application.violations.UseCaseInAdapterPlace;
import dev.dsar.bootstrap.violations.EmbeddedPostgresInTheCli;
import dev.dsar.bootstrap.violations.PortImplementedInBootstrap;
import dev.dsar.bootstrap.violations.RouterInBootstrap;
import dev.dsar.domain.violations.DomainReadingTheClock;
import org.junit.jupiter.api.Test;

/**
 * Each rule is shown failing on a class written to break it (test sources only: the classes in the
 * {@code violations} packages), so that a rule that silently matches nothing cannot pass for a guard.
 */
class ArchitectureRulesCanFailTest {

    @Test
    void domainRuleCatchesAFrameworkImport() {
        assertViolatedBy(ArchitectureRules.DOMAIN_IS_PURE_JAVA, DomainReadingTheClock.class);
    }

    @Test
    void applicationRuleCatchesAVertxTypeOtherThanFuture() {
        assertViolatedBy(ArchitectureRules.APPLICATION_KNOWS_ONLY_DOMAIN_AND_FUTURES, ApplicationUsingVertxJson.class);
    }

    @Test
    void adapterIndependenceRuleCatchesOneAdapterCallingAnother() {
        assertViolatedBy(ArchitectureRules.ADAPTERS_ARE_INDEPENDENT, FilesystemAdapterCallingPersistence.class,
                dev.dsar.adapters.persistence.PostgresLocation.class);
    }

    @Test
    void sqlRuleCatchesSqlOutsideThePersistenceAdapter() {
        assertViolatedBy(ArchitectureRules.ONLY_PERSISTENCE_SPEAKS_SQL, HttpAdapterRunningSql.class);
    }

    @Test
    void webRuleCatchesARouterOutsideTheHttpAdapter() {
        assertViolatedBy(ArchitectureRules.ONLY_HTTP_SPEAKS_WEB, RouterInBootstrap.class);
    }

    @Test
    void drivenPortRuleCatchesAnImplementationOutsideTheAdapters() {
        assertViolatedBy(ArchitectureRules.DRIVEN_PORTS_ARE_IMPLEMENTED_BY_ADAPTERS, PortImplementedInBootstrap.class,
                dev.dsar.application.port.out.DownloadReceiptPort.class);
    }

    @Test
    void useCaseRuleCatchesAUseCaseImplementedOutsideTheServices() {
        assertViolatedBy(ArchitectureRules.USE_CASES_ARE_IMPLEMENTED_BY_SERVICES, UseCaseInAdapterPlace.class,
                dev.dsar.application.port.in.ViewExportsUseCase.class);
    }

    @Test
    void portRuleCatchesAPortThatIsAClassWithState() {
        assertViolatedBy(ArchitectureRules.PORTS_ARE_INTERFACES_OR_VALUES, PortWithState.class);
    }

    @Test
    void bootstrapRuleCatchesAnAdapterReachingIntoTheWiring() {
        assertViolatedBy(ArchitectureRules.NOTHING_DEPENDS_ON_BOOTSTRAP, HttpAdapterUsingBootstrap.class,
                dev.dsar.bootstrap.DsarConfig.class);
    }

    @Test
    void internalsRuleCatchesAReachIntoVertxOutsideTheAllowList() {
        assertViolatedBy(ArchitectureRules.VERTX_INTERNALS_ONLY_IN_NAMED_CLASSES, HttpAdapterReachingIntoVertx.class);
    }

    @Test
    void embeddedLibraryRuleCatchesItsUseOutsideEmbeddedServer() {
        assertViolatedBy(ArchitectureRules.ONLY_EMBEDDED_SERVER_KNOWS_THE_EMBEDDED_LIBRARY, EmbeddedPostgresInTheCli.class);
    }

    @Test
    void drivenPortRuleCatchesAPortThatSpeaksInUseCaseTerms() {
        assertViolatedBy(ArchitectureRules.DRIVEN_PORTS_DO_NOT_KNOW_USE_CASES, PortReturningACommand.class,
                dev.dsar.application.port.in.RunCleanupCommand.class);
    }

    @Test
    void objectStorageRuleCatchesAnS3ClientOutsideItsAdapter() {
        assertViolatedBy(ArchitectureRules.ONLY_OBJECT_STORAGE_SPEAKS_S3,
                dev.dsar.bootstrap.violations.S3ClientInTheWiring.class);
    }

    private static void assertViolatedBy(ArchRule rule, Class<?>... classes) {
        JavaClasses broken = new ClassFileImporter().importClasses(classes);
        EvaluationResult result = rule.evaluate(broken);
        assertThat(result.hasViolation()).as("violations of: " + rule.getDescription()).isTrue();
    }
}
