package dev.dsar.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every production class of every module, checked against the rules of the hexagon. */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages(ArchitectureRules.ROOT);
    }

    static Stream<ArchRule> rules() {
        return ArchitectureRules.all().stream();
    }

    @ParameterizedTest
    @MethodSource("rules")
    void productionClassesFollowTheRule(ArchRule rule) {
        rule.check(production);
    }

    /** A rule over an empty ring proves nothing: every ring must hold classes. */
    @ParameterizedTest
    @ValueSource(strings = {"dev.dsar.domain", "dev.dsar.application.port.in", "dev.dsar.application.port.out",
            "dev.dsar.application.service", "dev.dsar.adapters.http", "dev.dsar.adapters.persistence",
            "dev.dsar.adapters.filesystem", "dev.dsar.adapters.metrics", "dev.dsar.bootstrap"})
    void everyRingHoldsProductionClasses(String ring) {
        assertThat(production.stream().filter(c -> c.getPackageName().startsWith(ring)))
                .as("production classes in " + ring).isNotEmpty();
    }
}
