package dev.dsar.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The rules of the hexagon (docs/architecture.md), each with the reason it exists. They are evaluated over
 * every production class by {@link ArchitectureTest}, and over deliberately broken classes by
 * {@link ArchitectureRulesCanFailTest} to show that each one can fail.
 */
final class ArchitectureRules {

    static final String ROOT = "dev.dsar";
    static final String DOMAIN = "dev.dsar.domain..";
    static final String APPLICATION = "dev.dsar.application..";
    static final String PORTS_IN = "dev.dsar.application.port.in..";
    static final String PORTS_OUT = "dev.dsar.application.port.out..";
    static final String HTTP = "dev.dsar.adapters.http..";
    static final String PERSISTENCE = "dev.dsar.adapters.persistence..";
    static final String FILESYSTEM = "dev.dsar.adapters.filesystem..";
    static final String METRICS = "dev.dsar.adapters.metrics..";
    static final String OBJECT_STORAGE = "dev.dsar.adapters.objectstorage..";
    static final String ADAPTERS = "dev.dsar.adapters..";
    static final String BOOTSTRAP = "dev.dsar.bootstrap..";

    private ArchitectureRules() {
    }

    static final ArchRule DOMAIN_IS_PURE_JAVA = classes().that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..")
            .because("the rules of a DSAR (lifecycle, retention, names) must hold whatever the technology,"
                    + " and be testable with nothing but a fixed clock");

    static final ArchRule APPLICATION_KNOWS_ONLY_DOMAIN_AND_FUTURES = classes().that().resideInAPackage(APPLICATION)
            .should().onlyDependOnClassesThat(
                    com.tngtech.archunit.base.DescribedPredicate.describe("in domain, application, java.* or Vert.x Future/Promise",
                            c -> c.getPackageName().startsWith("dev.dsar.domain")
                                    || c.getPackageName().startsWith("dev.dsar.application")
                                    || c.getPackageName().startsWith("java.")
                                    || c.getName().equals("io.vertx.core.Future")
                                    || c.getName().equals("io.vertx.core.Promise")))
            .because("use cases speak the domain's language and only borrow Vert.x's future type;"
                    + " SQL, HTTP and files stay behind ports so that each adapter can be replaced or faked");

    static final ArchRule ADAPTERS_ARE_INDEPENDENT = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("http").definedBy(HTTP)
            .layer("persistence").definedBy(PERSISTENCE)
            .layer("filesystem").definedBy(FILESYSTEM)
            .layer("metrics").definedBy(METRICS)
            .layer("objectstorage").definedBy(OBJECT_STORAGE)
            .layer("bootstrap").definedBy(BOOTSTRAP)
            .whereLayer("bootstrap").mayNotBeAccessedByAnyLayer()
            .whereLayer("http").mayOnlyBeAccessedByLayers("bootstrap")
            .whereLayer("persistence").mayOnlyBeAccessedByLayers("bootstrap")
            .whereLayer("filesystem").mayOnlyBeAccessedByLayers("bootstrap")
            .whereLayer("metrics").mayOnlyBeAccessedByLayers("bootstrap")
            .whereLayer("objectstorage").mayOnlyBeAccessedByLayers("bootstrap")
            .because("adapters meet only through the application's ports; bootstrap alone wires them together,"
                    + " so replacing one adapter never touches another");

    static final ArchRule ONLY_PERSISTENCE_SPEAKS_SQL = noClasses().that().resideOutsideOfPackage(PERSISTENCE)
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient..",
                    "org.flywaydb..", "org.postgresql..", "java.sql..")
            .because("the schema, the queries and their transactions are one adapter's business;"
                    + " anywhere else SQL would escape review of locking and indexes");

    static final ArchRule ONLY_HTTP_SPEAKS_WEB = noClasses().that().resideOutsideOfPackage(HTTP)
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.ext.auth..")
            .because("routes, authentication and status codes are decided in one place, the HTTP adapter");

    static final ArchRule DRIVEN_PORTS_ARE_IMPLEMENTED_BY_ADAPTERS = classes().that()
            .implement(com.tngtech.archunit.base.DescribedPredicate.describe("a driven port",
                    (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("dev.dsar.application.port.out")
                            && c.isInterface() && c.getSimpleName().endsWith("Port")))
            .and().areNotInterfaces()
            .should().resideInAPackage(ADAPTERS)
            .because("a driven port is the application's promise about the outside world;"
                    + " only an adapter, with its own integration test, may keep it");

    static final ArchRule USE_CASES_ARE_IMPLEMENTED_BY_SERVICES = classes().that()
            .implement(com.tngtech.archunit.base.DescribedPredicate.describe("a use case",
                    (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("dev.dsar.application.port.in")
                            && c.getSimpleName().endsWith("UseCase")))
            .should().resideInAPackage("dev.dsar.application.service..")
            .because("business behaviour lives in application services, not in adapters or in the wiring");

    static final ArchRule PORTS_ARE_INTERFACES_OR_VALUES = classes().that().resideInAnyPackage(PORTS_IN, PORTS_OUT)
            .and().areNotAnonymousClasses().and().doNotHaveModifier(com.tngtech.archunit.core.domain.JavaModifier.SYNTHETIC)
            .should().beInterfaces().orShould().beRecords().orShould().beEnums()
            .because("ports describe what is needed, never how: interfaces and the values they exchange");

    static final ArchRule NOTHING_DEPENDS_ON_BOOTSTRAP = noClasses().that().resideOutsideOfPackage(BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP)
            .because("bootstrap is the outermost ring: it knows everything and nothing knows it");

    /** The classes allowed to reach into Vert.x's internals, each for one reason its comment gives. */
    static final List<String> VERTX_INTERNALS_ALLOWED = List.of(
            "dev.dsar.adapters.http.TcpCork", // the HTTP/1 connection's channel, for TCP_CORK (TcpCorkIT)
            // the request head's decoder: one HTTP version, no Content-Length with Transfer-Encoding (HttpProtocolIT)
            "dev.dsar.adapters.http.StrictHttpRequestDecoder",
            // the connection's pipeline: header and idle timeouts, the connection cap (HttpConnectionTimeoutsIT,
            // HttpConnectionCapIT)
            "dev.dsar.adapters.http.HttpConnectionGuard",
            // a pool wrapped to classify outages must stay a SqlClientInternal for templates (DatabaseOutageIT)
            "dev.dsar.adapters.persistence.AvailabilityTrackingPool",
            "dev.dsar.bootstrap.ServiceVertx", // every thread started at start-up, from the main thread
            "dev.dsar.bootstrap.CleanupCyclesContext", // a worker pool and an event loop of cleanup's own
            "dev.dsar.bootstrap.CleanupThreads"); // Vert.x threads that lower their own priority

    static final ArchRule VERTX_INTERNALS_ONLY_IN_NAMED_CLASSES = noClasses()
            .that(com.tngtech.archunit.base.DescribedPredicate.describe("are not on the allow-list",
                    (com.tngtech.archunit.core.domain.JavaClass c) -> VERTX_INTERNALS_ALLOWED.stream()
                            .noneMatch(allowed -> c.getName().equals(allowed) || c.getName().startsWith(allowed + "$"))))
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..impl..", "io.vertx.core.internal..")
            // io.vertx..impl.. covers io.vertx.core.impl, .http.impl, .net.impl, io.vertx.ext.web.impl, ...
            .because("an upgrade of Vert.x may change its internals without notice: each reach lives in one named"
                    + " class with a test that fails when it stops finding what it reaches for");

    static final ArchRule ONLY_EMBEDDED_SERVER_KNOWS_THE_EMBEDDED_LIBRARY = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.dsar.bootstrap.embedded.EmbeddedServer")
            .should().dependOnClassesThat().resideInAPackage("io.zonky..")
            .because("the embedded PostgreSQL's jars are not on serve's class path (docs/adr/0009): a class that"
                    + " touches them anywhere else could fail with NoClassDefFoundError in production");

    static final ArchRule ONLY_OBJECT_STORAGE_SPEAKS_S3 = noClasses().that().resideOutsideOfPackage(OBJECT_STORAGE)
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "org.gaul..")
            .because("buckets, keys, multipart uploads and presigned URLs are one adapter's business: the domain,"
                    + " the use cases and the other adapters speak of stored exports, whatever keeps them");

    static final ArchRule DRIVEN_PORTS_DO_NOT_KNOW_USE_CASES = noClasses().that().resideInAPackage(PORTS_OUT)
            .should().dependOnClassesThat().resideInAPackage(PORTS_IN)
            .because("what the application needs from the outside must not change when what it offers does: values"
                    + " both sides exchange live in the domain");

    static List<ArchRule> all() {
        return List.of(DOMAIN_IS_PURE_JAVA, APPLICATION_KNOWS_ONLY_DOMAIN_AND_FUTURES, ADAPTERS_ARE_INDEPENDENT,
                ONLY_PERSISTENCE_SPEAKS_SQL, ONLY_HTTP_SPEAKS_WEB, DRIVEN_PORTS_ARE_IMPLEMENTED_BY_ADAPTERS,
                USE_CASES_ARE_IMPLEMENTED_BY_SERVICES, PORTS_ARE_INTERFACES_OR_VALUES, NOTHING_DEPENDS_ON_BOOTSTRAP,
                VERTX_INTERNALS_ONLY_IN_NAMED_CLASSES, ONLY_EMBEDDED_SERVER_KNOWS_THE_EMBEDDED_LIBRARY,
                DRIVEN_PORTS_DO_NOT_KNOW_USE_CASES, ONLY_OBJECT_STORAGE_SPEAKS_S3);
    }
}
