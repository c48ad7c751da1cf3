package hu.autoinvoice.issuer;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import hu.autoinvoice.json.JsonValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQS event and the partial-batch answer as the Lambda runtime passes them to a stream handler: the event's
 * JSON (field names as in the Lambda event) into {@link SQSEvent}, {@link SQSBatchResponse} into
 * {@code {"batchItemFailures":[{"itemIdentifier":…}]}}.
 */
final class SqsBatchJson {

    private SqsBatchJson() {}

    static SQSEvent read(InputStream in) throws IOException {
        Map<String, Object> root = JsonValues.object(JsonValues.read(in));
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Object item : JsonValues.array(root.get("Records"))) {
            Map<String, Object> r = JsonValues.object(item);
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(JsonValues.text(r, "messageId"));
            m.setReceiptHandle(JsonValues.text(r, "receiptHandle"));
            m.setBody(JsonValues.text(r, "body"));
            m.setMd5OfBody(JsonValues.text(r, "md5OfBody"));
            m.setMd5OfMessageAttributes(JsonValues.text(r, "md5OfMessageAttributes"));
            m.setEventSource(JsonValues.text(r, "eventSource"));
            m.setEventSourceArn(JsonValues.text(r, "eventSourceARN"));
            m.setAwsRegion(JsonValues.text(r, "awsRegion"));
            m.setAttributes(JsonValues.textMap(r, "attributes"));
            m.setMessageAttributes(messageAttributes(JsonValues.object(r.get("messageAttributes"))));
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** String attributes with their data type (the issuer reads none; binary values are not carried over). */
    private static Map<String, SQSEvent.MessageAttribute> messageAttributes(Map<String, Object> json) {
        Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
        json.forEach((name, value) -> {
            Map<String, Object> a = JsonValues.object(value);
            SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
            attribute.setDataType(JsonValues.text(a, "dataType"));
            attribute.setStringValue(JsonValues.text(a, "stringValue"));
            attribute.setStringListValues(JsonValues.textList(a, "stringListValues"));
            attributes.put(name, attribute);
        });
        return attributes;
    }

    static void write(SQSBatchResponse response, OutputStream out) throws IOException {
        List<Map<String, Object>> failures = new ArrayList<>();
        if (response.getBatchItemFailures() != null) {
            for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
                failures.add(Map.of("itemIdentifier", f.getItemIdentifier()));
            }
        }
        JsonValues.write(Map.of("batchItemFailures", failures), out);
    }
}
