package hu.autoinvoice.local.aws;

import hu.autoinvoice.aws.AwsClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The AWS behaviour contract against the local stand-ins (ElasticMQ, dynalite, the KMS + Secrets Manager server). */
@ExtendWith(LocalAwsExtension.class)
class StandInsAwsBehaviourTest extends AwsBehaviourContract {

    private static LocalAws aws;

    @BeforeAll
    static void useSharedStandIns(LocalAws shared) {
        aws = shared;
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
