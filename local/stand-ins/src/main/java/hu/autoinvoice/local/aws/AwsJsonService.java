package hu.autoinvoice.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One AWS service spoken over JSON 1.1 by {@link AwsJsonServer}: picked by the {@code X-Amz-Target} prefix. */
interface AwsJsonService {

    /** The part of {@code X-Amz-Target} before the dot, e.g. {@code TrentService}. */
    String targetPrefix();

    /** Handles {@code operation} (the part after the dot); unknown operations throw {@code UnknownOperationException}. */
    ObjectNode handle(String operation, JsonNode request) throws AwsJsonError;
}
