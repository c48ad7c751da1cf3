package hu.autoinvoice.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The cold-start benchmark's baseline, written like the AWS samples: one DynamoDB client (URL-connection HTTP client,
 * region from {@code AWS_REGION}) built in the constructor, one {@code GetItem} per invocation on the table
 * {@code TABLE_NAME} by {@code {"accountId": "..."}}. Answers {@code found} or {@code missing}. Never deployed.
 */
public final class BaselineHandler implements RequestHandler<Map<String, String>, String> {

    private final DynamoDbClient dynamoDb;
    private final String table;

    /** The Lambda runtime's constructor. */
    public BaselineHandler() {
        this.dynamoDb = DynamoDbClient.builder()
                .region(Region.of(System.getenv("AWS_REGION")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.table = System.getenv("TABLE_NAME");
    }

    @Override
    public String handleRequest(Map<String, String> input, Context context) {
        GetItemResponse response = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of("accountId", AttributeValue.fromS(input.get("accountId")))));
        return response.hasItem() ? "found" : "missing";
    }
}
