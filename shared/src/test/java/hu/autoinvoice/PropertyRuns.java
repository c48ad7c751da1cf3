package hu.autoinvoice;

import static org.quicktheories.QuickTheory.qt;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.quicktheories.core.Gen;

/**
 * Runs a QuickTheories property for a given number of examples and prints how many ran
 * ({@code property <name>: 1000 examples}).
 *
 * <p>QuickTheories silently skips an example whose randomness it has already tried (it hashes the draws), so one
 * run of {@code withExamples(n)} may execute slightly fewer than {@code n}; this helper tops up with further runs
 * until at least {@code n} examples have been checked. A failure is QuickTheories' own {@link AssertionError}: it
 * names the shrunk falsifying value, the other failing values and the seed (rerun with {@code -DQT_SEED=<seed>}).
 */
public final class PropertyRuns {

    /** Examples per property unless a test asks for more. */
    public static final int EXAMPLES = 1000;

    private PropertyRuns() {
    }

    /** Checks {@code property} on {@value #EXAMPLES} values of {@code gen}. */
    public static <T> void check(String name, Gen<T> gen, Consumer<T> property) {
        check(name, EXAMPLES, gen, property);
    }

    /** Checks {@code property} on at least {@code examples} values of {@code gen}; returns how many ran. */
    public static <T> int check(String name, int examples, Gen<T> gen, Consumer<T> property) {
        if (examples < 1) {
            throw new IllegalArgumentException("examples must be positive");
        }
        AtomicInteger ran = new AtomicInteger();
        int rounds = 0;
        while (ran.get() < examples) {
            if (++rounds > 10) {
                throw new AssertionError("property " + name + ": the generator repeats itself, only " + ran.get()
                        + " distinct examples of " + examples);
            }
            qt().withExamples(examples - ran.get()).forAll(gen).checkAssert(value -> {
                ran.incrementAndGet();
                property.accept(value);
            });
        }
        System.out.println("property " + name + ": " + ran.get() + " examples");
        return ran.get();
    }
}
