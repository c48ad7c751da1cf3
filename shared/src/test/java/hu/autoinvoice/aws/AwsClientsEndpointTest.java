package hu.autoinvoice.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/**
 * Proves that the production client factory needs no endpoint plumbing of its own: the SDK routes each client to the
 * endpoint named by {@code AWS_ENDPOINT_URL_<SERVICE>} (environment) or {@code aws.endpointUrl<Service>} (system property).
 */
class AwsClientsEndpointTest {

    private RecordingAwsEndpoint dynamo;
    private RecordingAwsEndpoint sqs;
    private RecordingAwsEndpoint kms;
    private RecordingAwsEndpoint secrets;

    @BeforeEach
    void startEndpoints() throws Exception {
        dynamo = new RecordingAwsEndpoint();
        sqs = new RecordingAwsEndpoint();
        kms = new RecordingAwsEndpoint();
        secrets = new RecordingAwsEndpoint();
    }

    @AfterEach
    void stopEndpoints() {
        for (RecordingAwsEndpoint endpoint : List.of(dynamo, sqs, kms, secrets)) {
            endpoint.close();
        }
    }

    @Test
    void systemPropertiesRouteEachClientToItsOwnEndpoint() {
        Map<String, String> properties = Map.of(
                "aws.endpointUrlDynamoDb", dynamo.uri().toString(),
                "aws.endpointUrlSqs", sqs.uri().toString(),
                "aws.endpointUrlKms", kms.uri().toString(),
                "aws.endpointUrlSecretsManager", secrets.uri().toString(),
                "aws.accessKeyId", "local",
                "aws.secretAccessKey", "local");
        properties.forEach(System::setProperty);
        try (AwsClients clients = AwsClients.forRegion(Region.EU_CENTRAL_1)) {
            clients.dynamoDb().listTables();
            clients.sqs().listQueues();
            clients.kms().listKeys();
            clients.secretsManager().listSecrets();
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
        assertRoutedToOwnEndpoints();
    }

    @Test
    void environmentVariablesRouteTheSharedClientsOfAFreshJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                EndpointProbeMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_REGION", "eu-central-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", new File("target/no-such-aws-config").getAbsolutePath());
        env.put("AWS_SHARED_CREDENTIALS_FILE", new File("target/no-such-aws-credentials").getAbsolutePath());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.uri().toString());
        env.put("AWS_ENDPOINT_URL_SQS", sqs.uri().toString());
        env.put("AWS_ENDPOINT_URL_KMS", kms.uri().toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.uri().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("PROBED");
        assertRoutedToOwnEndpoints();
    }

    @Test
    void sharedInstanceIsBuiltOnceAndClientsAreMemoized() {
        System.setProperty("aws.region", "eu-central-1");
        try (AwsClients clients = AwsClients.forRegion(Region.EU_CENTRAL_1)) {
            assertThat(clients.sqs()).isSameAs(clients.sqs());
            assertThat(clients.dynamoDb()).isSameAs(clients.dynamoDb());
            assertThat(clients.kms()).isSameAs(clients.kms());
            assertThat(clients.secretsManager()).isSameAs(clients.secretsManager());
            assertThat(AwsClients.shared()).isSameAs(AwsClients.shared());
        } finally {
            System.clearProperty("aws.region");
        }
    }

    @Test
    void missingRegionFailsNamingTheVariable() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_REGION") == null, "AWS_REGION is set in this environment");
        assertThatThrownBy(AwsClients::fromEnvironment)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AWS_REGION");
    }

    private void assertRoutedToOwnEndpoints() {
        assertThat(dynamo.targets()).containsExactly("DynamoDB_20120810.ListTables");
        assertThat(sqs.targets()).containsExactly("AmazonSQS.ListQueues");
        assertThat(kms.targets()).containsExactly("TrentService.ListKeys");
        assertThat(secrets.targets()).containsExactly("secretsmanager.ListSecrets");
    }
}
