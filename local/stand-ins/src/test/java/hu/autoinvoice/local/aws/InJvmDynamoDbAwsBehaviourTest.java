package hu.autoinvoice.local.aws;

import hu.autoinvoice.aws.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The AWS behaviour contract against the stand-ins with the in-JVM DynamoDB ({@link FakeDynamoDb}) instead of
 * dynalite: needs no Node, so it runs everywhere.
 */
class InJvmDynamoDbAwsBehaviourTest extends AwsBehaviourContract {

    private static LocalAws aws;

    @BeforeAll
    static void start() throws Exception {
        aws = LocalAws.start(LocalAwsConfig.defaults().withDynamoDbBackend(LocalAwsConfig.DynamoDbBackend.IN_JVM));
        aws.createResources();
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    @Override
    protected AwsClients clients() {
        return aws.clients();
    }

    @Override
    protected LocalResources resources() {
        return aws.createResources();
    }
}
