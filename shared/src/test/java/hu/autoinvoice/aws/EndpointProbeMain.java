package hu.autoinvoice.aws;

/**
 * Run in a child JVM by {@link AwsClientsEndpointTest}: calls each service once through the production
 * {@link AwsClients#shared()} so the test can see where the calls went.
 */
public final class EndpointProbeMain {
    private EndpointProbeMain() {}

    public static void main(String[] args) {
        AwsClients clients = AwsClients.shared();
        clients.dynamoDb().listTables();
        clients.sqs().listQueues();
        clients.kms().listKeys();
        clients.secretsManager().listSecrets();
        System.out.println("PROBED");
    }
}
