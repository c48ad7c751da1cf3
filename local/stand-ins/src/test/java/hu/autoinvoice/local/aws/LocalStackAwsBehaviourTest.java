package hu.autoinvoice.local.aws;

import hu.autoinvoice.aws.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The same AWS behaviour contract against LocalStack, checking that the stand-ins behave like (emulated) AWS. Runs
 * only where Docker is available; elsewhere JUnit reports it as skipped. The image is pinned: later tags need a
 * LocalStack auth token.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackAwsBehaviourTest extends AwsBehaviourContract {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.14.0"))
            .withServices("sqs", "dynamodb", "kms", "secretsmanager");

    private static AwsClients clients;
    private static LocalResources resources;

    @Override
    protected synchronized AwsClients clients() {
        if (clients == null) {
            var credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
            Region region = Region.of(LOCALSTACK.getRegion());
            clients = AwsClients.of(
                    DynamoDbClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                            .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                    SqsClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                            .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                    KmsClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                            .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                    SecretsManagerClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                            .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                    software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder()
                            .endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                            .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build());
        }
        return clients;
    }

    @Override
    protected synchronized LocalResources resources() {
        if (resources == null) {
            resources = ResourceProvisioner.provision(clients(), LocalAwsConfig.defaults());
        }
        return resources;
    }

    @AfterAll
    static synchronized void closeClients() {
        if (clients != null) {
            clients.close();
            clients = null;
        }
        resources = null;
    }
}
