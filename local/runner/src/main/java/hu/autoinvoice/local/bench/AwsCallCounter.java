package hu.autoinvoice.local.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * An SDK {@link ExecutionInterceptor} that counts the API calls a client makes, by {@code Service.Operation}
 * (e.g. {@code DynamoDb.UpdateItem}), once per call (retries by the SDK are not counted again).
 */
public final class AwsCallCounter implements ExecutionInterceptor {

    /** The SDK's service names ({@code SdkExecutionAttribute.SERVICE_NAME}). */
    public static final String DYNAMODB = "DynamoDb";
    public static final String KMS = "Kms";
    public static final String SQS = "Sqs";
    public static final String EVENTBRIDGE = "EventBridge";

    /** DynamoDB operations that read items. */
    public static final Set<String> DYNAMODB_READS = Set.of("GetItem", "BatchGetItem", "Query", "Scan");
    /** DynamoDB operations that write items. */
    public static final Set<String> DYNAMODB_WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems");

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("bench.started");

    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> nanos = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(service + "." + operation, k -> new AtomicLong()).incrementAndGet();
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            nanos.computeIfAbsent(service, k -> new AtomicLong()).addAndGet(System.nanoTime() - started);
        }
    }

    /** Mean wall time of a service's successful calls in milliseconds (0 without calls). */
    public double meanMillis(String service) {
        long n = count(service);
        AtomicLong total = nanos.get(service);
        return n == 0 || total == null ? 0 : total.get() / 1e6 / n;
    }

    /** Calls of one operation, e.g. {@code count(KMS, "Decrypt")}. */
    public long count(String service, String operation) {
        AtomicLong n = calls.get(service + "." + operation);
        return n == null ? 0 : n.get();
    }

    /** Calls of a service's operations in {@code operations}. */
    public long count(String service, Set<String> operations) {
        return operations.stream().mapToLong(op -> count(service, op)).sum();
    }

    /** Every call of a service. */
    public long count(String service) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith(service + "."))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    /** A sorted copy of all counts. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Starts counting from zero. */
    public void reset() {
        calls.clear();
        nanos.clear();
    }
}
