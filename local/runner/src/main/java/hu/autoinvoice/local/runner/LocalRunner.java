package hu.autoinvoice.local.runner;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the components of {@code make run} in order, prints what each offers, and stops them in reverse order.
 * Adding a service is one line in {@link #COMPONENTS}.
 */
public final class LocalRunner implements AutoCloseable {

    /** Starts one component; may use the ones started before it through the context. */
    @FunctionalInterface
    public interface Starter {
        LocalComponent start(RunnerContext context) throws Exception;
    }

    private static final Starter SIMULATOR = AgentSimulatorComponent::start;

    /** The components, in start order (the Agent endpoint — simulator or real — before everything that calls it). */
    static final List<Starter> COMPONENTS = List.of(
            AwsComponent::start,
            SIMULATOR,
            InvoiceIssuerComponent::start,
            ProbeComponent::start,
            ConnectApiComponent::start
    );

    /** As {@link #COMPONENTS}, with the real Számlázz.hu in place of the simulator when {@code realAgent}. */
    static List<Starter> components(boolean realAgent) {
        return realAgent ? COMPONENTS.stream().map(s -> s == SIMULATOR ? (Starter) RealAgentComponent::start : s).toList()
                : COMPONENTS;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);

    private final Deque<LocalComponent> running;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private LocalRunner(Deque<LocalComponent> running) {
        this.running = running;
    }

    /** Starts {@link #COMPONENTS} and prints their description to {@code out}. */
    public static LocalRunner start(RunnerOptions options, PrintStream out) throws Exception {
        return start(options, COMPONENTS, out);
    }

    /** As {@link #start(RunnerOptions, PrintStream)}; {@code realAgent} calls the real Számlázz.hu instead of the simulator. */
    public static LocalRunner start(RunnerOptions options, boolean realAgent, PrintStream out) throws Exception {
        return start(options, components(realAgent), out);
    }

    static LocalRunner start(RunnerOptions options, List<Starter> starters, PrintStream out) throws Exception {
        Deque<LocalComponent> running = new ArrayDeque<>();
        List<LocalComponent> started = new ArrayList<>();
        try {
            for (Starter starter : starters) {
                LocalComponent component = starter.start(new RunnerContext(options, started));
                running.push(component);
                started.add(component);
                out.println("== " + component.name());
                component.describe().forEach(line -> out.println("   " + line));
            }
        } catch (Exception | Error e) {
            stopAll(running);
            throw e;
        }
        return new LocalRunner(running);
    }

    /** The running component of that type. */
    public <T extends LocalComponent> T component(Class<T> type) {
        synchronized (running) {
            return running.stream().filter(type::isInstance).map(type::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " is not running"));
        }
    }

    /** Blocks until {@link #close()} has run (from the shutdown hook on Ctrl-C). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops everything in reverse start order; idempotent. */
    @Override
    public void close() {
        stopAll(running);
        stopped.countDown();
    }

    private static void stopAll(Deque<LocalComponent> running) {
        synchronized (running) {
            while (!running.isEmpty()) {
                LocalComponent component = running.pop();
                try {
                    component.close();
                } catch (RuntimeException e) {
                    LOG.warn("Stopping {} failed", component.name(), e);
                }
            }
        }
    }
}
