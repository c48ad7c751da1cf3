package hu.autoinvoice.local.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON control API under {@code /_sim/}; a thin HTTP face over the simulator's Java control methods. */
final class ControlApi {

    private static final String PREFIX = "/_sim/";
    private final AgentSimulator simulator;
    private final ObjectMapper json = new ObjectMapper();

    ControlApi(AgentSimulator simulator) {
        this.simulator = simulator;
    }

    Reply handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
            if (path.startsWith("accounts/") && path.length() > "accounts/".length()) {
                String key;
                try {
                    key = URLDecoder.decode(path.substring("accounts/".length()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return error(400, "the Agent key in the path is not valid URL encoding"); // never echo the key
                }
                return switch (method) {
                    case "PUT" -> ok(account(key, simulator.putAccount(key, accountUpdate(body))));
                    case "GET" -> simulator.account(key).map(a -> ok(account(key, a)))
                            .orElseGet(() -> error(404, "no account for this key"));
                    default -> error(405, "use PUT or GET");
                };
            }
            return switch (path) {
                case "faults" -> switch (method) {
                    case "PUT" -> ok(simulator.setFaults(faults(simulator.faults(), body)));
                    case "GET" -> ok(simulator.faults());
                    default -> error(405, "use PUT or GET");
                };
                case "documents" -> method.equals("GET") ? ok(documents(exchange.getRequestURI().getRawQuery()))
                        : error(405, "use GET");
                case "receipt-emails" -> method.equals("GET") ? ok(simulator.receiptEmails()) : error(405, "use GET");
                case "stats" -> method.equals("GET") ? ok(simulator.stats()) : error(405, "use GET");
                case "reset" -> {
                    if (!method.equals("POST")) {
                        yield error(405, "use POST");
                    }
                    simulator.reset();
                    yield new Reply(204, List.of(), "application/json", new byte[0]);
                }
                default -> error(404, "unknown control path");
            };
        } catch (JsonProcessingException e) {
            return error(400, "bad request body: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            return error(400, "bad request body: " + e.getMessage());
        }
    }

    private AccountUpdate accountUpdate(byte[] body) throws IOException {
        if (body.length == 0) {
            return AccountUpdate.none();
        }
        return json.readValue(body, AccountUpdate.class);
    }

    private Faults faults(Faults current, byte[] body) throws IOException {
        if (body.length == 0) {
            return current;
        }
        JsonNode node = json.readTree(body);
        Faults merged = current;
        if (node.has("latencyMs")) {
            merged = merged.withLatencyMs(node.get("latencyMs").asLong());
        }
        if (node.has("transientRate")) {
            merged = merged.withTransientRate(node.get("transientRate").asDouble());
        }
        if (node.has("lostReplyRate")) {
            merged = merged.withLostReplyRate(node.get("lostReplyRate").asDouble());
        }
        if (node.has("downRate")) {
            merged = merged.withDownRate(node.get("downRate").asDouble());
        }
        if (node.has("dataErrorRate")) {
            merged = merged.withDataErrorRate(node.get("dataErrorRate").asDouble());
        }
        if (node.has("seed")) {
            merged = merged.withSeed(node.get("seed").asLong());
        }
        return merged;
    }

    private List<Map<String, Object>> documents(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        Optional<String> order = Optional.ofNullable(params.get("orderNumber"));
        Optional<String> external = Optional.ofNullable(params.get("externalId"));
        Optional<String> callId = Optional.ofNullable(params.get("callId"));
        Optional<String> type = Optional.ofNullable(params.get("type"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (SimDocument d : simulator.documents()) {
            if (order.isPresent() && !order.get().equals(d.orderNumber())
                    || external.isPresent() && !external.get().equals(d.externalId())
                    || callId.isPresent() && !callId.get().equals(d.callId())
                    || type.isPresent() && !type.get().equals(d.type().name())) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("number", d.number());
            m.put("type", d.type().name());
            m.put("account", d.account());
            m.put("orderNumber", d.orderNumber());
            m.put("externalId", d.externalId());
            m.put("buyerName", d.buyerName());
            m.put("net", d.net());
            m.put("vat", d.vat());
            m.put("gross", d.gross());
            m.put("currency", d.currency());
            m.put("eInvoice", d.eInvoice());
            m.put("prefix", d.prefix());
            m.put("issueDate", d.issueDate().toString());
            m.put("reversedBy", d.reversedBy());
            m.put("reverses", d.reverses());
            if (d.type().receipt()) {
                m.put("callId", d.callId());
            }
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> account(String key, SimAccount account) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keyHint", Ledger.hint(key));
        m.put("state", account.state().name());
        m.put("eInvoice", account.eInvoice());
        m.put("prefixes", account.prefixes());
        m.put("orderNumberUnique", account.orderNumberUnique());
        m.put("orderNumberReplay", account.orderNumberReplay());
        m.put("receipts", account.receipts());
        return m;
    }

    private Reply ok(Object value) {
        try {
            return new Reply(200, List.of(), "application/json", json.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private Reply error(int status, String message) {
        try {
            return new Reply(status, List.of(), "application/json", json.writeValueAsBytes(Map.of("error", message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
