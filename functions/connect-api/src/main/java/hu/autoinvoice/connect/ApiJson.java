package hu.autoinvoice.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/** The JSON bodies of the connect API (docs/openapi.yaml): status, error, re-issue count. */
final class ApiJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiJson() {
    }

    static String status(ConnectionStatus s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("connected", s.connected());
        node.put("status", s.status().name());
        node.put("statusReason", s.statusReason());
        node.put("statusSince", s.statusSince().toString());
        node.put("keyHint", s.keyHint());
        node.put("eInvoice", s.eInvoice());
        node.put("invoicePrefix", s.invoicePrefix().orElse(null));
        node.put("lastProbeAt", s.lastProbeAt().map(Object::toString).orElse(null));
        ObjectNode remediation = node.putObject("remediation");
        remediation.put("hu", s.remediation().hu());
        remediation.put("en", s.remediation().en());
        node.put("parkedInvoices", s.parkedInvoices());
        return write(node);
    }

    static String error(ApiError e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("code", e.code().name());
        node.put("message", e.message());
        node.put("messageHu", e.messageHu());
        if (!e.fields().isEmpty()) {
            ArrayNode fields = node.putArray("fields");
            for (FieldError f : e.fields()) {
                fields.addObject().put("field", f.field()).put("message", f.message()).put("messageHu", f.messageHu());
            }
        }
        e.requestId().ifPresent(id -> node.put("requestId", id));
        return write(node);
    }

    static String requeued(long count) {
        return write(JSON.createObjectNode().put("requeued", count));
    }

    /** Fresh mutable headers every answer carries. */
    static Map<String, String> noStore() {
        Map<String, String> headers = new HashMap<>();
        headers.put("cache-control", "no-store");
        return headers;
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of a tree cannot fail", e);
        }
    }
}
