package hu.autoinvoice.local.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.local.sweep.SecretScanner.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The security sweep (issue 8): no Agent key, plaintext key or KMS ciphertext appears anywhere in what any test of
 * any module printed or logged. Surefire and failsafe write every test class's stdout/stderr to
 * {@code target/*-reports/*-output.txt} ({@code redirectTestOutputToFile} in the parent pom); this runs in
 * local/runner's {@code verify} phase, after every module of the reactor has run its tests, and scans those files
 * (and the report XMLs and stream dumps) written in this build with {@link SecretScanner}. It reads only files, so it does not care which
 * logging backend wrote them.
 */
class SecretSweepIT {

    /** A line ConnectApiHandler logs for every routed request: proof the sweep sees the functions' log output. */
    private static final Pattern HANDLER_LINE = Pattern.compile("\\b(CONNECT|STATUS|DISCONNECT|REISSUE) account \\S+ -> \\d{3}");
    private static final int MAX_LISTED = 40;

    @Test
    void noTestPrintedAnAgentKeyOrACiphertext() throws IOException {
        Path root = Path.of(System.getProperty("autoinvoice.root", "../..")).toAbsolutePath().normalize();
        String started = System.getProperty("autoinvoice.build.started", "");
        TestReports reports = TestReports.under(root, started.isBlank() ? Instant.EPOCH : Instant.parse(started));

        List<Finding> findings = new ArrayList<>();
        for (Path file : reports.files()) {
            findings.addAll(SecretScanner.scan(file));
        }
        if (!findings.isEmpty()) {
            String listed = findings.stream().limit(MAX_LISTED).map(f -> "  " + root.relativize(f.file()) + ":"
                    + f.line() + ":" + f.column() + ": " + f.what()).collect(Collectors.joining("\n"));
            throw new AssertionError("SECURITY SWEEP: " + findings.size() + " secret(s) in the test output ("
                    + reports.files().size() + " files scanned; the secrets themselves are not repeated here):\n" + listed
                    + (findings.size() > MAX_LISTED ? "\n  … and " + (findings.size() - MAX_LISTED) + " more" : ""));
        }

        // the sweep must have seen the suite's output, or a clean result means nothing
        if ("true".equals(System.getenv("CI"))) {
            assertThat(reports.missingModules()).as("modules whose tests wrote no report in this build (CI runs them all)")
                    .isEmpty();
        } else if (!reports.missingModules().isEmpty()) {
            System.out.println("security sweep: not tested in this build, not scanned: " + reports.missingModules());
        }
        assertThat(reports.files()).as("test output files under %s", root).isNotEmpty();
        if (!reports.missingModules().contains(root.resolve("local/integration-tests"))) {
            assertThat(reports.files().stream().filter(f -> f.startsWith(root.resolve("local/integration-tests")))
                    .anyMatch(SecretSweepIT::hasHandlerLine))
                    .as("the connect API's request log lines must reach the test output files, or the sweep sees nothing")
                    .isTrue();
        }

        System.out.println("security sweep: " + reports.files().size() + " test output files, no Agent key or ciphertext");
    }

    private static boolean hasHandlerLine(Path file) {
        try (Stream<String> lines = Files.lines(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(l -> HANDLER_LINE.matcher(l).find());
        } catch (IOException e) {
            return false;
        }
    }
}
