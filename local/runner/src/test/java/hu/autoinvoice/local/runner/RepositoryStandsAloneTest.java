package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.local.aws.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository stands on its own: code and docs cite docs/DESIGN.md and docs/VENDOR.md, not the team's reference
 * folder beside the checkout (only the vendor's files there — XSDs, samples — are read at run time).
 */
class RepositoryStandsAloneTest {

    // (also: no merge conflict markers in any text file)

    /** A design section or the research notes named without a path into this repository, or a path out of it. */
    private static final Pattern OUTSIDE = Pattern.compile(
            "(?<!docs/)DESIGN(?:\\.md)? §|research/szamla-agent|research notes|\\.\\./shared/(?!szamla-agent/)"
                    // and nothing a merge left behind
                    + "|^<<<<<<< |^>>>>>>> ");

    @Test
    void noFileCitesTheReferenceFolderBesideTheCheckout() throws IOException {
        Path root = ProjectRoot.find().orElseThrow();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).filter(RepositoryStandsAloneTest::text).toList()) {
                String relative = root.relativize(file).toString();
                if (relative.startsWith(".git/") || relative.contains("/target/") || relative.contains("node_modules/")
                        || relative.endsWith("RepositoryStandsAloneTest.java")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = OUTSIDE.matcher(lines.get(i));
                    if (m.find()) {
                        found.add(relative + ":" + (i + 1) + ": " + m.group());
                    }
                }
            }
        }
        assertThat(found).as("cite docs/DESIGN.md or docs/VENDOR.md instead").isEmpty();
    }

    private static boolean text(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".java") || name.endsWith(".md") || name.endsWith(".yaml") || name.endsWith(".json")
                || name.endsWith(".xml") || name.equals("Makefile") || name.endsWith(".mjs");
    }
}
