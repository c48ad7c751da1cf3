package hu.autoinvoice.local.aws;

import hu.autoinvoice.aws.AppConfig;
import java.net.URI;

/**
 * What {@link ResourceProvisioner} created: the queue pair, both tables, the KMS key with its alias, the pepper
 * secret and the outcome events' bus.
 */
public record LocalResources(
        QueuePair queues,
        String accountsTable,
        String invoicesTable,
        String kmsKeyArn,
        String kmsAlias,
        String pepperSecretName,
        String pepperSecretArn,
        String eventBusName) {

    /** The function configuration for these resources, with the real Számla Agent URL. */
    public AppConfig appConfig() {
        return appConfig(URI.create(AppConfig.DEFAULT_SZAMLA_AGENT_URL));
    }

    /** The function configuration for these resources and the given Számla Agent endpoint (e.g. the simulator). */
    public AppConfig appConfig(URI szamlaAgentUrl) {
        return new AppConfig(accountsTable, invoicesTable, queues.queueUrl(), queues.dlqUrl(), kmsKeyArn,
                pepperSecretName, eventBusName, szamlaAgentUrl);
    }
}
