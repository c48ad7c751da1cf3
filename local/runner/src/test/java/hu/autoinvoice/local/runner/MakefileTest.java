package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.local.aws.ProjectRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a newcomer meets first: `make help` names every target a person runs, and nothing it names is missing. */
class MakefileTest {

    /** Targets that are steps of others, not commands for people. */
    private static final Set<String> INTERNAL = Set.of("prereqs", "node-check", "node-tools");

    private static final Path ROOT = ProjectRoot.find().orElseThrow();

    @Test
    void makeHelpListsEveryTargetAPersonRuns() throws Exception {
        Set<String> targets = new TreeSet<>();
        Matcher rule = Pattern.compile("(?m)^([a-z][a-z-]*):(?!=)").matcher(Files.readString(ROOT.resolve("Makefile")));
        while (rule.find()) {
            if (!INTERNAL.contains(rule.group(1))) {
                targets.add(rule.group(1));
            }
        }
        assertThat(targets).contains("run", "test", "build", "chaos", "bench", "render-invoice", "clean", "help");
        String help = make("help");
        for (String target : targets) {
            assertThat(help).as("make help names '" + target + "'").containsPattern("make (-s )?" + Pattern.quote(target) + "\\b");
        }
        Matcher named = Pattern.compile("make (?:-s )?([a-z][a-z-]*)").matcher(help);
        while (named.find()) {
            assertThat(targets).as("make help names a target that exists").contains(named.group(1));
        }
    }

    private static String make(String target) throws IOException, InterruptedException {
        Process make = new ProcessBuilder("make", "-s", "-C", ROOT.toString(), target).redirectErrorStream(true).start();
        String out = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(make.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(make.exitValue()).as(out).isZero();
        return out;
    }
}
