package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code make run}'s runner on ephemeral ports: what it prints, that the stand-ins work, and that it cleans up. */
class LocalRunnerTest {

    @BeforeAll
    static void needsDynalite() {
        LocalAwsExtension.requireDynalite();
    }

    @Test
    void startsThePrintedStandInsAndStopsThemAll() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        long dynalitePid;
        try (LocalRunner runner = LocalRunner.start(RunnerOptions.ephemeralPorts(), new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            AwsComponent aws = runner.component(AwsComponent.class);
            dynalitePid = aws.aws().dynamoDbPid();
            String output = printed.toString(StandardCharsets.UTF_8);

            assertThat(output).contains(aws.aws().endpoints().sqs().toString(), aws.aws().endpoints().dynamoDb().toString(),
                    aws.resources().queues().queueUrl(), aws.resources().queues().dlqUrl(), aws.resources().kmsKeyArn(),
                    "autoinvoice-accounts", "autoinvoice-invoices", "AWS_ENDPOINT_URL_SQS=",
                    // the form every AWS CLI understands (v1 ignores AWS_ENDPOINT_URL_<SERVICE>)
                    "aws --endpoint-url " + aws.aws().endpoints().sqs() + " sqs ",
                    "aws --endpoint-url " + aws.aws().endpoints().dynamoDb() + " dynamodb ");
            assertThat(aws.aws().clients().sqs().listQueues().queueUrls()).contains(aws.resources().queues().queueUrl());

            var simulator = runner.component(AgentSimulatorComponent.class).simulator();
            assertThat(output).contains(simulator.url().toString(), simulator.controlUrl().toString());
            var stats = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(simulator.controlUrl().resolve("stats")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(stats.statusCode()).isEqualTo(200);
            assertThat(stats.body()).contains("\"creates\"");
        }

        assertThat(ProcessHandle.of(dynalitePid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aFailingComponentStopsTheOnesStartedBeforeIt() {
        List<FakeComponent> started = new ArrayList<>();
        LocalRunner.Starter first = context -> { FakeComponent c = new FakeComponent(); started.add(c); return c; };
        LocalRunner.Starter failing = context -> { throw new IllegalStateException("port in use"); };

        assertThatThrownBy(() -> LocalRunner.start(RunnerOptions.ephemeralPorts(), List.of(first, failing), new PrintStream(new ByteArrayOutputStream())))
                .hasMessage("port in use");
        assertThat(started).singleElement().satisfies(c -> assertThat(c.closed).isTrue());
    }

    private static final class FakeComponent implements LocalComponent {
        boolean closed;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public List<String> describe() {
            return List.of("fake");
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
