package hu.autoinvoice.local.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A dynalite that dies while the tests use it (killed from outside, crashed) is reported at once, with its pid and
 * its last output, instead of only showing as "connection refused" in every later test; a stop we asked for is not.
 * A client that goes away mid-request does not kill it (DynamoDB does not die of that either).
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
    void aClientThatGoesAwayMidRequestDoesNotTakeDynaliteDown() throws Exception {
        try (Dynalite dynalite = Dynalite.start(0)) {
            // What an interrupted SDK call or a timed-out Lambda leaves behind: headers announcing a body, part of
            // the body, then a closed connection. dynalite 4.0.0 rethrows that stream error and exits.
            try (Socket socket = new Socket("127.0.0.1", dynalite.endpoint().getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
                        + "X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 1000\r\n\r\n{\"Lim")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(200);
            }
            Thread.sleep(500);
            try (DynamoDbClient dynamo = DynamoDbClient.builder()
                    .endpointOverride(dynalite.endpoint())
                    .region(Region.EU_CENTRAL_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                assertThat(dynamo.listTables().tableNames()).isEmpty();
            }
            assertThat(ProcessHandle.of(dynalite.pid()).map(ProcessHandle::isAlive).orElse(false)).isTrue();
            assertThat(errors.lines).isEmpty();
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
