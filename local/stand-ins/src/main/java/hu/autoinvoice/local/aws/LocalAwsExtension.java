package hu.autoinvoice.local.aws;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.local.CiRequirement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a running {@link LocalAws} with its resources created, shared by every test class
 * of the JVM (started on first use, stopped when the test run ends). Inject {@link LocalAws}, {@link LocalResources},
 * {@link AwsClients} or {@link AppConfig} into constructors, {@code @BeforeAll}/{@code @BeforeEach} or test methods:
 * <pre>{@code
 * @ExtendWith(LocalAwsExtension.class)
 * class IssuerHandlerTest {
 *     IssuerHandlerTest(AwsClients clients, AppConfig config) { ... }
 * }
 * }</pre>
 * The stand-ins are shared: use unique ids (account ids, purchase ids) per test rather than relying on empty tables
 * or queues. Without node or dynalite the tests are skipped with the reason, except under {@code CI=true}, where
 * that is an error.
 */
public final class LocalAwsExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalAwsExtension.class);
    private static final Set<Class<?>> SUPPORTED = Set.of(LocalAws.class, LocalResources.class, AwsClients.class, AppConfig.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return SUPPORTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalAws aws = shared(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == LocalAws.class) {
            return aws;
        }
        if (type == LocalResources.class) {
            return aws.createResources();
        }
        if (type == AwsClients.class) {
            return aws.clients();
        }
        return aws.appConfig();
    }

    /** The JVM-wide instance (started, resources created); aborts or fails as described on the class. */
    public static LocalAws shared(ExtensionContext context) {
        requireDynalite();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(LocalAws.class, key -> {
            try {
                LocalAws aws = LocalAws.start(LocalAwsConfig.defaults());
                aws.createResources();
                return aws;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, LocalAws.class);
    }

    /**
     * Skips the calling test (JUnit assumption) when dynalite cannot run here (and is the chosen DynamoDB backend); under {@code CI=true} throws instead,
     * so a missing install cannot pass silently.
     */
    public static void requireDynalite() {
        if (LocalAwsConfig.DynamoDbBackend.fromEnvironment() == LocalAwsConfig.DynamoDbBackend.IN_JVM) {
            return; // no Node needed
        }
        if (NodeTools.dynalite() instanceof NodeTools.Availability.Missing missing) {
            throw CiRequirement.missing("the DynamoDB stand-in cannot run here: " + missing.reason());
        }
    }
}
