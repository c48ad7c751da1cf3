package hu.autoinvoice.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hu.autoinvoice.aws.AppConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle and wiring of {@link LocalAws} itself (a private instance, so closing it is observable). */
class LocalAwsTest {

    @BeforeAll
    static void needsDynalite() {
        LocalAwsExtension.requireDynalite();
    }

    @Test
    void environmentCarriesRegionEndpointsCredentialsAndAppConfig() throws Exception {
        try (LocalAws aws = LocalAws.start(LocalAwsConfig.defaults())) {
            LocalResources resources = aws.createResources();
            Map<String, String> env = aws.environment();

            assertThat(aws.createResources()).isSameAs(resources);
            assertThat(env).containsEntry("AWS_REGION", "eu-central-1")
                    .containsEntry("AWS_ACCESS_KEY_ID", "local")
                    .containsEntry("AWS_ENDPOINT_URL_SQS", aws.endpoints().sqs().toString())
                    .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", aws.endpoints().dynamoDb().toString())
                    .containsEntry("AWS_ENDPOINT_URL_KMS", aws.endpoints().kms().toString())
                    .containsEntry("AWS_ENDPOINT_URL_SECRETS_MANAGER", aws.endpoints().secretsManager().toString());
            AppConfig config = AppConfig.fromMap(env);
            assertThat(config).isEqualTo(aws.appConfig());
            assertThat(config.accountsTable()).isEqualTo("autoinvoice-accounts");
            assertThat(config.invoicesTable()).isEqualTo("autoinvoice-invoices");
            assertThat(config.invoiceQueueUrl()).endsWith("/000000000000/invoice-requests");
            assertThat(config.invoiceDlqUrl()).endsWith("/000000000000/invoice-requests-dlq");
            assertThat(config.agentKeyKmsKeyId()).startsWith("arn:aws:kms:eu-central-1:000000000000:key/");
            assertThat(config.fingerprintPepperSecretId()).isEqualTo("autoinvoice/fingerprint-pepper");
            assertThat(resources.queues().dlqArn()).isEqualTo("arn:aws:sqs:eu-central-1:000000000000:invoice-requests-dlq");
            for (URI endpoint : aws.endpoints().asMap().values()) {
                assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            }
            assertThat(aws.clients().dynamoDb().listTables().tableNames())
                    .contains("autoinvoice-accounts", "autoinvoice-invoices");
        }
    }

    @Test
    void closeStopsDynaliteAndFreesEveryPort() throws Exception {
        LocalAws aws = LocalAws.start(LocalAwsConfig.defaults().withDynamoDbBackend(LocalAwsConfig.DynamoDbBackend.DYNALITE));
        long pid = aws.dynamoDbPid();
        Endpoints endpoints = aws.endpoints();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        aws.close();
        aws.close();

        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        assertThat(process.map(ProcessHandle::isAlive).orElse(false)).as("dynalite process alive").isFalse();
        for (URI endpoint : List.of(endpoints.sqs(), endpoints.dynamoDb(), endpoints.kms())) {
            assertThat(accepts(endpoint)).as(endpoint.toString()).isFalse();
        }
        assertThatThrownBy(aws::createResources).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTakenPortFailsTheStartAndStopsWhatHadStarted() throws Exception {
        try (LocalAws first = LocalAws.start(LocalAwsConfig.defaults())) {
            int taken = first.endpoints().kms().getPort();
            assertThatThrownBy(() -> LocalAws.start(LocalAwsConfig.defaults().withPorts(0, 0, taken)))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void theInJvmDynamoDbNeedsNoProcessAndIsGoneAfterClose() throws Exception {
        LocalAws aws = LocalAws.start(LocalAwsConfig.defaults().withDynamoDbBackend(LocalAwsConfig.DynamoDbBackend.IN_JVM));
        URI dynamoDb = aws.endpoints().dynamoDb();
        try {
            assertThat(aws.dynamoDbPid()).isEqualTo(-1);
            aws.createResources();
            assertThat(aws.clients().dynamoDb().listTables().tableNames())
                    .contains(aws.config().accountsTable(), aws.config().invoicesTable());
        } finally {
            aws.close();
        }
        assertThat(accepts(dynamoDb)).isFalse();
    }

    @Test
    void theBackendIsChosenByName() {
        assertThat(LocalAwsConfig.DynamoDbBackend.parse("in-jvm")).isEqualTo(LocalAwsConfig.DynamoDbBackend.IN_JVM);
        assertThat(LocalAwsConfig.DynamoDbBackend.parse(" Dynalite ")).isEqualTo(LocalAwsConfig.DynamoDbBackend.DYNALITE);
        assertThatThrownBy(() -> LocalAwsConfig.DynamoDbBackend.parse("localstack")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingDynaliteIsReportedWithTheFix(@TempDir Path emptyCheckout) {
        String previous = System.getProperty("autoinvoice.root");
        System.setProperty("autoinvoice.root", emptyCheckout.toString());
        try {
            assertThat(NodeTools.dynalite()).isInstanceOfSatisfying(NodeTools.Availability.Missing.class,
                    missing -> assertThat(missing.reason()).contains("npm ci").contains("make node-tools"));
            assertThatThrownBy(() -> LocalAws.start(LocalAwsConfig.defaults().withDynamoDbBackend(LocalAwsConfig.DynamoDbBackend.DYNALITE)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("dynalite");
        } finally {
            if (previous == null) {
                System.clearProperty("autoinvoice.root");
            } else {
                System.setProperty("autoinvoice.root", previous);
            }
        }
    }

    private static boolean accepts(URI endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
