package hu.autoinvoice.local.agent;

import static org.junit.jupiter.api.Assertions.fail;

import hu.autoinvoice.testing.VendorSchemas;
import hu.autoinvoice.local.CiRequirement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.xml.validation.Schema;
import org.w3c.dom.Element;

/** Talks to a started simulator the way an Agent client does: java.net.http with a hand-built multipart body. */
final class SimHttp {

    /** One HTTP answer. */
    record Answer(int status, HttpHeaders headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        String decodedHeader(String name) {
            return URLDecoder.decode(header(name).orElseThrow(() -> new AssertionError("no header " + name)),
                    StandardCharsets.UTF_8);
        }

        Element xml() {
            return Xml.parse(body).orElseThrow(() -> new AssertionError("not XML: " + text()));
        }

        String xmlText(String... path) {
            return Xml.text(xml(), path).orElse(null);
        }
    }

    static final String CREATE = "action-xmlagentxmlfile";
    static final String STORNO = "action-szamla_agent_st";
    static final String QUERY_XML = "action-szamla_agent_xml";
    static final String QUERY_PDF = "action-szamla_agent_pdf";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AgentSimulator simulator;

    SimHttp(AgentSimulator simulator) {
        this.simulator = simulator;
    }

    /** Posts the XML as a file part named by the action, like the vendor's PHP SDK. */
    Answer agent(String action, byte[] xml) throws IOException, InterruptedException {
        return postMultipart(multipart(action, "request.xml", xml));
    }

    /** Posts the XML as a plain form field (no filename) — the mistake the vendor answers with 53. */
    Answer agentPlainField(String action, byte[] xml) throws IOException, InterruptedException {
        return postMultipart(multipart(action, null, xml));
    }

    private Answer postMultipart(Multipart body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(simulator.url()).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "multipart/form-data; boundary=" + body.boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes)).build();
        return send(request);
    }

    Answer control(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(simulator.controlUrl() + path))
                .timeout(Duration.ofSeconds(10));
        HttpRequest.BodyPublisher publisher = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return send(builder.method(method, publisher).build());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.headers(), response.body());
    }

    private record Multipart(String boundary, byte[] bytes) {
    }

    private static Multipart multipart(String field, String filename, byte[] content) {
        String boundary = "----autoinvoice" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(field).append('"');
        if (filename != null) {
            head.append("; filename=\"").append(filename).append("\"\r\nContent-Type: text/xml; charset=UTF-8");
        }
        head.append("\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Multipart(boundary, out.toByteArray());
    }

    // ---- schema helpers -------------------------------------------------------------------------------------

    /** The vendor schemas, or skips the test (fails it under CI=true) when they cannot be found. */
    static VendorSchemas requireSchemas() {
        return CiRequirement.vendorSchemas();
    }

    /** A vendor response schema, or skips (fails under CI=true) when it is not available. */
    static Schema requireResponseSchema(String root) {
        VendorSchemas schemas = requireSchemas();
        try {
            return schemas.responseSchema(root);
        } catch (IllegalStateException e) {
            throw CiRequirement.missing("vendor response XSD " + root + " not available: " + e.getMessage());
        }
    }

    /** Asserts that a response body is valid against the vendor response schema of its root. */
    static void assertValidResponse(String root, byte[] body) {
        Optional<String> problem = VendorSchemas.validate(requireResponseSchema(root), body);
        if (problem.isPresent()) {
            fail("response not valid against vendor " + root + ".xsd: " + problem.get() + "\n"
                    + new String(body, StandardCharsets.UTF_8));
        }
    }
}
