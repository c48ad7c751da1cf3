package hu.autoinvoice.local.aws;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the running stand-ins listen (all {@code http://127.0.0.1:<port>}); KMS, Secrets Manager and EventBridge share one server.
 */
public record Endpoints(URI sqs, URI dynamoDb, URI kms, URI secretsManager, URI eventBridge) {

    public Endpoints {
        Objects.requireNonNull(sqs, "sqs");
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(kms, "kms");
        Objects.requireNonNull(secretsManager, "secretsManager");
        Objects.requireNonNull(eventBridge, "eventBridge");
    }

    /** The SDK's {@code AWS_ENDPOINT_URL_<SERVICE>} variables for these endpoints. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_SQS", sqs.toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.toString());
        env.put("AWS_ENDPOINT_URL_KMS", kms.toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.toString());
        env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", eventBridge.toString());
        return env;
    }

    /** The SDK's equivalent system properties ({@code aws.endpointUrl<Service>}), for code run inside this JVM. */
    public Map<String, String> systemProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("aws.endpointUrlSqs", sqs.toString());
        properties.put("aws.endpointUrlDynamoDb", dynamoDb.toString());
        properties.put("aws.endpointUrlKms", kms.toString());
        properties.put("aws.endpointUrlSecretsManager", secretsManager.toString());
        properties.put("aws.endpointUrlEventBridge", eventBridge.toString());
        return properties;
    }

    /** Service name → endpoint, in a stable order (for printing). */
    public Map<String, URI> asMap() {
        Map<String, URI> map = new LinkedHashMap<>();
        map.put("SQS (ElasticMQ)", sqs);
        map.put("DynamoDB", dynamoDb);
        map.put("KMS", kms);
        map.put("Secrets Manager", secretsManager);
        map.put("EventBridge", eventBridge);
        return map;
    }
}
