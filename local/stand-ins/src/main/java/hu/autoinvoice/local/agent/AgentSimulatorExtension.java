package hu.autoinvoice.local.agent;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving a test class its own running {@link AgentSimulator}: started on first use, closed when
 * the (outermost) test class is done. Inject it into {@code @BeforeAll}, constructors or test methods:
 * <pre>{@code
 * @ExtendWith(AgentSimulatorExtension.class)
 * class ProbeTest {
 *     @BeforeAll
 *     static void simulator(AgentSimulator started) { simulator = started; }
 * }
 * }</pre>
 * One simulator per class, as its accounts, faults and counters are state the class's tests share and reset.
 */
public final class AgentSimulatorExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(AgentSimulatorExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AgentSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // an AutoCloseable in the store is closed with it (as LocalAwsExtension's LocalAws)
        return outermostClass(context).getStore(NAMESPACE)
                .getOrComputeIfAbsent(AgentSimulator.class, key -> AgentSimulator.start(0), AgentSimulator.class);
    }

    private static ExtensionContext outermostClass(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getParent().isPresent() && c.getParent().get() != c.getRoot()) {
            c = c.getParent().get();
        }
        return c;
    }
}
