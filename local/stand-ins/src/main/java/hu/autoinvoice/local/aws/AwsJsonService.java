package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One AWS service spoken over AWS JSON (1.1 for KMS and Secrets Manager, 1.0 for DynamoDB) by {@link AwsJsonServer}:
 * picked by the {@code X-Amz-Target} prefix.
 */
interface AwsJsonService {

    /** The part of {@code X-Amz-Target} before the dot, e.g. {@code TrentService}. */
    String targetPrefix();

    /** The content type of its replies: {@code application/x-amz-json-1.1} unless the service speaks 1.0. */
    default String contentType() {
        return "application/x-amz-json-1.1";
    }

    /** Handles {@code operation} (the part after the dot); unknown operations throw {@code UnknownOperationException}. */
    ObjectNode handle(String operation, JsonNode request) throws AwsJsonError;
}
