package hu.autoinvoice.local.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dynalite that dies while the tests use it (killed from outside, crashed) is reported at once, with its pid and
 * its last output, instead of only showing as "connection refused" in every later test; a stop we asked for is not.
 */
class DynaliteTest {

    /** The ERROR lines of {@link Dynalite}'s logger while a test runs. */
    private static final class Errors extends AbstractAppender {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Errors() {
            super("dynalite-errors-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            if (event.getLevel().isMoreSpecificThan(Level.ERROR)) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        }
    }

    private Errors errors;

    @BeforeAll
    static void needsDynalite() {
        LocalAwsExtension.requireDynalite();
    }

    @BeforeEach
    void capture() {
        errors = new Errors();
        errors.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().addAppender(errors, Level.ERROR, null);
        ctx.updateLoggers();
    }

    @AfterEach
    void release() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(errors.getName());
        ctx.updateLoggers();
        errors.stop();
    }

    @Test
    void aDynaliteKilledFromOutsideIsReportedWithItsPid() throws Exception {
        try (Dynalite dynalite = Dynalite.start(0)) {
            long pid = dynalite.pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
            while (errors.lines.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(errors.lines).singleElement().asString()
                    .contains("pid " + pid).contains("exited unexpectedly").contains("refused from now on");
        }
    }

    @Test
    void aStopWeAskedForIsNotReported() throws Exception {
        Dynalite dynalite = Dynalite.start(0);
        long pid = dynalite.pid();
        dynalite.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        Thread.sleep(500); // the output reader sees the end of the stream after the exit
        assertThat(errors.lines).isEmpty();
    }
}
