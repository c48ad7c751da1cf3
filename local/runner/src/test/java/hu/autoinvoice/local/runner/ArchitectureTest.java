package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.local.aws.ProjectRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules, checked over the compiled production classes of every module (each class file's constant
 * pool names every class it uses, so a reference in code cannot hide; comments are not in class files):
 * <ul>
 *   <li>{@code shared} uses only its own classes of ours (never a function's, never {@code local});</li>
 *   <li>a function module uses only its own classes and {@code shared}'s (functions never use each other);</li>
 *   <li>no production class uses {@code hu.autoinvoice.local};</li>
 *   <li>{@code agent} (the vendor protocol) knows nothing of AWS;</li>
 *   <li>{@code shared}'s packages form no cycle.</li>
 * </ul>
 * Runs in {@code local/runner}, the one module that builds after all the others.
 */
class ArchitectureTest {

    private static final Path ROOT = ProjectRoot.find().orElseThrow(() -> new IllegalStateException("project root not found"));
    private static final Pattern OURS = Pattern.compile("hu/autoinvoice/([A-Za-z0-9_/$]+)");
    private static final List<String> FUNCTIONS = List.of("connect-api", "invoice-issuer", "health-probe");

    @Test
    void sharedUsesNoFunctionAndNoLocalClass() {
        Map<String, Set<String>> shared = references(ROOT.resolve("shared/target/classes"));
        Set<String> own = shared.keySet();
        assertThat(violations(shared, ref -> !own.contains(ref))).as("classes of ours that shared uses but does not hold")
                .isEmpty();
    }

    @Test
    void functionsUseOnlyTheirOwnAndSharedClasses() {
        Set<String> shared = references(ROOT.resolve("shared/target/classes")).keySet();
        for (String function : FUNCTIONS) {
            Map<String, Set<String>> classes = references(ROOT.resolve("functions/" + function + "/target/classes"));
            assertThat(classes).as(function + " compiled").isNotEmpty();
            Set<String> own = classes.keySet();
            assertThat(violations(classes, ref -> !own.contains(ref) && !shared.contains(ref)))
                    .as(function + " uses classes of another module").isEmpty();
        }
    }

    @Test
    void noProductionClassUsesTheLocalStandIns() {
        List<Path> production = new ArrayList<>(List.of(ROOT.resolve("shared/target/classes")));
        FUNCTIONS.forEach(f -> production.add(ROOT.resolve("functions/" + f + "/target/classes")));
        for (Path classes : production) {
            assertThat(violations(references(classes), ref -> ref.startsWith("local/"))).as(classes.toString()).isEmpty();
        }
    }

    @Test
    void theAgentProtocolKnowsNothingOfAws() throws IOException {
        Path agent = ROOT.resolve("shared/target/classes/hu/autoinvoice/agent");
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(agent)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (text.contains("software/amazon/") || text.contains("hu/autoinvoice/aws/")) {
                    offending.add(agent.relativize(file).toString());
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void sharedsPackagesFormNoCycle() {
        Map<String, Set<String>> packages = new TreeMap<>();
        references(ROOT.resolve("shared/target/classes")).forEach((cls, refs) -> {
            String from = packageOf(cls);
            Set<String> to = packages.computeIfAbsent(from, p -> new TreeSet<>());
            refs.stream().map(ArchitectureTest::packageOf).filter(p -> !p.equals(from)).forEach(to::add);
        });
        assertThat(cycles(packages)).as("package cycles in shared (each as a path back to its start)").isEmpty();
    }

    @Test
    void theCycleCheckFindsEveryCycleOnceAndNothingElse() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of(), "e", Set.of("f"), "f", Set.of("e"));
        assertThat(cycles(graph)).containsExactlyInAnyOrder(List.of("a", "b", "c", "a"), List.of("e", "f", "e"));
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }

    private static List<List<String>> cycles(Map<String, Set<String>> graph) {
        List<List<String>> cycles = new ArrayList<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            findCycle(start, start, graph, new ArrayList<>(List.of(start)), cycles);
        }
        return cycles;
    }

    private static void findCycle(String start, String at, Map<String, Set<String>> graph, List<String> path,
            List<List<String>> cycles) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                cycles.add(cycle);
            } else if (!path.contains(next) && next.compareTo(start) > 0) { // each cycle once, from its least package
                path.add(next);
                findCycle(start, next, graph, path, cycles);
                path.removeLast();
            }
        }
    }

    private static String packageOf(String cls) {
        int slash = cls.lastIndexOf('/');
        return slash < 0 ? "" : cls.substring(0, slash);
    }

    private static List<String> violations(Map<String, Set<String>> classes, java.util.function.Predicate<String> bad) {
        List<String> found = new ArrayList<>();
        classes.forEach((cls, refs) -> refs.stream().filter(bad).forEach(ref -> found.add(cls + " -> " + ref)));
        return found;
    }

    /** Each class of ours under {@code classesDir} (as {@code package/Name}, nested classes folded) and the ones it uses. */
    private static Map<String, Set<String>> references(Path classesDir) {
        Map<String, Set<String>> result = new TreeMap<>();
        Path base = classesDir.resolve("hu/autoinvoice");
        if (!Files.isDirectory(base)) {
            return result;
        }
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("package-info.class")).toList()) {
                String name = outer(base.relativize(file).toString().replace('\\', '/').replaceAll("\\.class$", ""));
                Set<String> refs = result.computeIfAbsent(name, n -> new TreeSet<>());
                Matcher m = OURS.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    String ref = outer(m.group(1));
                    if (!ref.equals(name) && ref.contains("/")) {
                        refs.add(ref);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private static String outer(String cls) {
        int dollar = cls.indexOf('$');
        return dollar < 0 ? cls : cls.substring(0, dollar);
    }
}
