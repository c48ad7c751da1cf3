package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `make run` is meant to be ended with Ctrl-C or a kill: the local runner then stops everything, says so in one line
 * and exits 0 (make reports no error). The real {@link LocalMain} in a child JVM, stopped with SIGTERM.
 */
class LocalMainStopTest {

    @Test
    void aTermSignalStopsEverythingWithAGoodbyeAndExitStatusZero() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider", LocalMain.class.getName(), "--no-demo",
                "--api-port=0", "--sqs-port=0", "--dynamodb-port=0", "--kms-port=0", "--agent-port=0", "--probe-interval=0");
        builder.environment().put("AUTOINVOICE_DYNAMODB", "in-jvm");
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                lines.add(line);
            }
            assertThat(line).as("the runner came up: " + lines).isEqualTo("READY");
            // SIGTERM, as `kill` does (Ctrl-C sends SIGINT, handled the same way); Process.destroy would close our pipe
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor()).isZero();
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } finally {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines.getLast()).startsWith("Autoinvoice stopped").endsWith("Bye.");
    }
}
