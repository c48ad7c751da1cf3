package hu.autoinvoice.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stream handler's SQS codec against the Lambda runtime's own event serialiser (aws-lambda-java-serialization):
 * every sample event reads to the same {@link SQSEvent}, and the answer is the JSON the runtime would write.
 */
class SqsBatchJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PojoSerializer<SQSEvent> EVENTS =
            LambdaEventSerializers.serializerFor(SQSEvent.class, SqsBatchJsonTest.class.getClassLoader());
    private static final PojoSerializer<SQSBatchResponse> ANSWERS =
            LambdaEventSerializers.serializerFor(SQSBatchResponse.class, SqsBatchJsonTest.class.getClassLoader());

    static Stream<Path> samples() throws IOException {
        return Files.list(Path.of("../../events/invoice-issuer")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleEventReadsAsTheRuntimeReadsIt(Path sample) throws IOException {
        byte[] bytes = Files.readAllBytes(sample);
        SQSEvent runtime = EVENTS.fromJson(new ByteArrayInputStream(bytes));
        SQSEvent ours = SqsBatchJson.read(new ByteArrayInputStream(bytes));

        assertThat(ours.getRecords()).hasSameSizeAs(runtime.getRecords()).isNotEmpty();
        assertThat(tree(EVENTS, ours)).isEqualTo(tree(EVENTS, runtime));
    }

    @Test
    void messageAttributesAndAnEmptyEventAreRead() throws IOException {
        String event = """
                {"Records":[{"messageId":"m-1","receiptHandle":"r","body":"{}","attributes":{"ApproximateReceiveCount":"3"},
                 "messageAttributes":{"reason":{"dataType":"String","stringValue":"x","stringListValues":[]}},
                 "eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:eu-central-1:1:q","awsRegion":"eu-central-1"}]}""";
        SQSEvent runtime = EVENTS.fromJson(new ByteArrayInputStream(event.getBytes()));
        SQSEvent ours = SqsBatchJson.read(new ByteArrayInputStream(event.getBytes()));
        assertThat(tree(EVENTS, ours)).isEqualTo(tree(EVENTS, runtime));
        assertThat(ours.getRecords().getFirst().getMessageAttributes().get("reason").getStringValue()).isEqualTo("x");

        assertThat(SqsBatchJson.read(new ByteArrayInputStream("{}".getBytes())).getRecords()).isEmpty();
    }

    @Test
    void theAnswerIsWhatTheRuntimeWouldWrite() throws IOException {
        for (List<String> failed : List.of(List.<String>of(), List.of("m-1"), List.of("m-1", "m-\"2\""))) {
            SQSBatchResponse response = SQSBatchResponse.builder().withBatchItemFailures(failed.stream()
                    .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build()).toList()).build();
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            SqsBatchJson.write(response, ours);
            assertThat(JSON.readTree(ours.toByteArray())).isEqualTo(tree(ANSWERS, response));
            assertThat(ANSWERS.fromJson(new ByteArrayInputStream(ours.toByteArray())).getBatchItemFailures())
                    .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactlyElementsOf(failed);
        }
    }

    private static <T> JsonNode tree(PojoSerializer<T> serializer, T value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(value, out);
        return JSON.readTree(out.toByteArray());
    }
}
