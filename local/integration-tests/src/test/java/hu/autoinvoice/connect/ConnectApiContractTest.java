package hu.autoinvoice.connect;

import static hu.autoinvoice.connect.ConnectApiFixture.accountId;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentTransport;
import hu.autoinvoice.agent.HttpAgentTransport;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.agent.TransportOutcome;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.ledger.Cause;
import hu.autoinvoice.ledger.Claim;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.PurchaseClaim;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.local.CiRequirement;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.local.aws.ProjectRoot;
import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.local.runner.LocalApiGateway;
import hu.autoinvoice.local.runner.StreamInvoke;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The connect API's contract: every answer a client can get, checked against {@code docs/openapi.yaml} by an OpenAPI
 * validator (Atlassian's {@code openapi-request-validator} 3, which reads OpenAPI 3.1 and validates schemas as JSON
 * Schema 2020-12): its status must be documented for the operation, its content type and headers as documented, its
 * body valid against the documented schema. The answers are real: the real handler over the AWS stand-ins and the
 * Agent simulator, behind the local API gateway, over HTTP — every route's success, its 400, 401, 403 and 413, the
 * 404s, 409, 422s, 500, 502 and 503s — plus the unknown route's 404, which no operation can document, validated
 * against the spec's {@code RouteNotFound} response. The last test demands that every documented (operation, status)
 * was produced, but for the few listed in {@link #NOT_PRODUCED} with the reason.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectApiContractTest {

    static final String CONNECT = "PUT /accounts/{accountId}/szamlazz";
    static final String STATUS = "GET /accounts/{accountId}/szamlazz";
    static final String DISCONNECT = "DELETE /accounts/{accountId}/szamlazz";
    static final String REISSUE = "POST /accounts/{accountId}/szamlazz/reissue";
    static final String LIST = "GET /accounts/{accountId}/invoices";
    static final String INVOICE = "GET /accounts/{accountId}/invoices/{purchaseId}";
    static final String PDF = "GET /accounts/{accountId}/invoices/{purchaseId}/pdf";
    static final List<String> OPERATIONS = List.of(CONNECT, STATUS, DISCONNECT, REISSUE, LIST, INVOICE, PDF);

    /** Documented answers the tests cannot produce here, and why. */
    static final Map<String, String> NOT_PRODUCED = Map.of(
            STATUS + " 503", "API Gateway's integration timeout (30 s): not emulated locally",
            DISCONNECT + " 503", "API Gateway's integration timeout (30 s): not emulated locally",
            REISSUE + " 503", "API Gateway's integration timeout (30 s): not emulated locally",
            LIST + " 503", "API Gateway's integration timeout (30 s): not emulated locally",
            INVOICE + " 503", "API Gateway's integration timeout (30 s): not emulated locally");

    /**
     * Error codes no test here produces: a lost race between two connects, a refusal code the simulator has not, and
     * 524 (receipt prefix not enabled), which only a receipt create shows — the live check creates nothing (LiveCheck).
     */
    static final Set<ErrorCode> CODES_NOT_PRODUCED = Set.of(ErrorCode.CONFLICT, ErrorCode.ACCOUNT_REFUSED,
            ErrorCode.RECEIPT_PREFIX_NOT_ENABLED);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant PAID = Instant.parse("2026-11-20T09:00:00Z");

    private final ConnectApiFixture f;
    private final InvoiceLedger ledger;
    private final OpenApiInteractionValidator validator;
    private final OpenAPI spec;
    private final List<LocalApiGateway> gateways = new ArrayList<>();
    private final LocalApiGateway api;
    private final Set<String> produced = ConcurrentHashMap.newKeySet();
    private final Set<ErrorCode> codes = ConcurrentHashMap.newKeySet();

    ConnectApiContractTest(AwsClients aws, AppConfig config) throws IOException {
        CiRequirement.vendorSchemas(); // the simulator validates every request against them
        f = new ConnectApiFixture(aws, config, accountId -> 2);
        ledger = new InvoiceLedger(aws.dynamoDb(), config.invoicesTable());
        String specUrl = ProjectRoot.find().orElse(Path.of("../..")).resolve("docs/openapi.yaml").toAbsolutePath()
                .normalize().toUri().toString();
        validator = OpenApiInteractionValidator.createForSpecificationUrl(specUrl).build();
        ParseOptions resolve = new ParseOptions();
        resolve.setResolve(true);
        resolve.setResolveFully(true); // the component responses' schemas inlined, for the SchemaValidator
        spec = new OpenAPIParser().readLocation(specUrl, null, resolve).getOpenAPI();
        api = gateway(f.handler);
    }

    @AfterAll
    void stop() {
        gateways.forEach(LocalApiGateway::close);
        f.close();
    }

    private LocalApiGateway gateway(ConnectApiHandler handler) throws IOException {
        LocalApiGateway gateway = LocalApiGateway.start(0, StreamInvoke.of(handler, APIGatewayV2HTTPEvent.class,
                APIGatewayV2HTTPResponse.class), LocalApiGateway.CONNECT_API_ROUTES, Optional.empty());
        gateways.add(gateway);
        return gateway;
    }

    @Test
    @Order(1)
    void connect() {
        String account = accountId();
        String key = f.workingKey();
        check(CONNECT, "/accounts/" + account + "/szamlazz", own(account), body(key, false, null), 200);
        check(CONNECT, "/accounts/" + account + "/szamlazz", own(account), "{\"agentKey\":42}", 400);
        check(CONNECT, "/accounts/" + account + "/szamlazz", own(account), "{\"agentKey\":\"" + "a".repeat(70_000) + "\"}", 400);
        check(CONNECT, "/accounts/" + accountId() + "/szamlazz", null, body(key, false, null), 401);
        String other = accountId();
        assertThat(check(CONNECT, "/accounts/" + other + "/szamlazz", own(other), body(key, false, null), 409)
                .json().get("code").asText()).isEqualTo("KEY_IN_USE");

        assertThat(code(check(CONNECT, "/accounts/" + other + "/szamlazz", own(other), body(ConnectApiFixture.newKey(), false, null), 422)))
                .isEqualTo("KEY_REJECTED");
        String blocked = f.workingKey();
        f.simulator.putAccount(blocked, AccountUpdate.none().withState(AccountState.BLOCKED));
        assertThat(code(check(CONNECT, "/accounts/" + other + "/szamlazz", own(other), body(blocked, false, null), 422)))
                .isEqualTo("ACCOUNT_BLOCKED");
        String paperOnly = f.workingKey();
        f.simulator.putAccount(paperOnly, AccountUpdate.none().withEInvoice(false));
        assertThat(code(check(CONNECT, "/accounts/" + other + "/szamlazz", own(other), body(paperOnly, true, null), 422)))
                .isEqualTo("EINVOICE_NOT_ALLOWED");
        assertThat(code(check(CONNECT, "/accounts/" + other + "/szamlazz", own(other), body(f.workingKey(), false, "NOPE"), 422)))
                .isEqualTo("PREFIX_INVALID");

        String receipts = accountId();
        assertThat(check(CONNECT, "/accounts/" + receipts + "/szamlazz", own(receipts), receiptBody(f.workingKey(), "NYGT"), 200)
                .json().get("documentType").asText()).isEqualTo("receipt");
        check(STATUS, "/accounts/" + receipts + "/szamlazz", own(receipts), null, 200);
        assertThat(code(check(CONNECT, "/accounts/" + other + "/szamlazz", own(other), receiptBody(f.workingKey(), "TIX"), 422)))
                .isEqualTo("RECEIPT_PREFIX_IS_INVOICE_PREFIX");
        String noReceipts = f.workingKey();
        f.simulator.putAccount(noReceipts, AccountUpdate.none().withReceipts(false));
        assertThat(code(check(CONNECT, "/accounts/" + other + "/szamlazz", own(other), receiptBody(noReceipts, "NYGT"), 422)))
                .isEqualTo("RECEIPTS_NOT_ALLOWED");
        assertThat(check(CONNECT, "/accounts/" + other + "/szamlazz", own(other), receiptBody(f.workingKey(), "nygt"), 400)
                .json().get("fields").findValuesAsText("field")).containsExactly("receiptPrefix");

        String down = f.workingKey();
        f.simulator.setFaults(Faults.none().withDownRate(1.0));
        try {
            Answer unavailable = check(CONNECT, "/accounts/" + other + "/szamlazz", own(other), body(down, false, null), 503);
            assertThat(code(unavailable)).isEqualTo("AGENT_UNAVAILABLE");
            assertThat(unavailable.header("retry-after")).isPresent();
        } finally {
            f.simulator.setFaults(Faults.none());
        }
    }

    @Test
    @Order(2)
    void statusAndDisconnect() {
        String account = connected();
        check(STATUS, "/accounts/" + account + "/szamlazz", own(account), null, 200);
        check(DISCONNECT, "/accounts/" + account + "/szamlazz", own(account), null, 204);
        check(DISCONNECT, "/accounts/" + account + "/szamlazz", own(account), null, 204);
        assertThat(code(check(STATUS, "/accounts/" + account + "/szamlazz", own(account), null, 404))).isEqualTo("NOT_CONNECTED");
    }

    @Test
    @Order(3)
    void reissueOfAHealthyABlockedAndANotConnectedAccount() {
        String account = connected();
        JsonNode done = check(REISSUE, "/accounts/" + account + "/szamlazz/reissue", own(account), null, 200).json();
        assertThat(done.get("requeued").asInt()).isEqualTo(2);
        assertThat(done.get("status").asText()).isEqualTo("HEALTHY");
        // pressed again at once: the backlog is not re-enqueued twice
        var again = check(REISSUE, "/accounts/" + account + "/szamlazz/reissue", own(account), null, 429);
        assertThat(code(again)).isEqualTo("REISSUE_TOO_SOON");
        assertThat(again.header("retry-after").map(Integer::parseInt).orElseThrow()).isBetween(1, 300);

        f.store.changeStatus(f.store.find(account).orElseThrow(), AccountStatus.ACCOUNT_BLOCKED, "136 blocked", Instant.now());
        JsonNode blocked = check(REISSUE, "/accounts/" + account + "/szamlazz/reissue", own(account), null, 200).json();
        assertThat(blocked.get("requeued").asInt()).isZero();
        assertThat(blocked.get("status").asText()).isEqualTo("ACCOUNT_BLOCKED");
        assertThat(blocked.get("remediation").get("en").asText())
                .isEqualTo(ConnectTexts.remediation(AccountStatus.ACCOUNT_BLOCKED).en());

        String never = accountId();
        assertThat(code(check(REISSUE, "/accounts/" + never + "/szamlazz/reissue", own(never), null, 404))).isEqualTo("NOT_CONNECTED");
    }

    @Test
    @Order(4)
    void theListingAndOnePurchase() {
        String account = accountId();
        for (int i = 0; i < 3; i++) {
            purchase(account, "P-" + i, i == 0);
        }
        JsonNode page = check(LIST, "/accounts/" + account + "/invoices?limit=2", own(account), null, 200).json();
        assertThat(page.get("invoices")).hasSize(2);
        String cursor = URLEncoder.encode(page.get("nextCursor").asText(), StandardCharsets.UTF_8);
        check(LIST, "/accounts/" + account + "/invoices?limit=2&cursor=" + cursor, own(account), null, 200);
        check(LIST, "/accounts/" + account + "/invoices?state=PARKED,FAILED&from=2026-11-01&to=2026-11-30", own(account), null, 200);
        check(LIST, "/accounts/" + account + "/invoices?limit=0&state=BOGUS", own(account), null, 400);
        check(LIST, "/accounts/" + account + "/invoices?cursor=%zz", own(account), null, 400);

        check(INVOICE, "/accounts/" + account + "/invoices/P-0", own(account), null, 200);
        check(INVOICE, "/accounts/" + account + "/invoices/P-1", own(account), null, 200);
        // an item issued as a receipt (as the issuer marks one): its documentType, in the listing and the single view
        f.aws.dynamoDb().updateItem(b -> b.tableName(f.config.invoicesTable())
                .key(Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS(account), Tables.PURCHASE_ID, AttributeValue.fromS("P-0")))
                .updateExpression("SET documentType = :d").expressionAttributeValues(Map.of(":d", AttributeValue.fromS("receipt"))));
        assertThat(check(INVOICE, "/accounts/" + account + "/invoices/P-0", own(account), null, 200).json()
                .get("documentType").asText()).isEqualTo("receipt");
        assertThat(check(LIST, "/accounts/" + account + "/invoices", own(account), null, 200).json().get("invoices")
                .findValuesAsText("documentType")).containsExactlyInAnyOrder("receipt", "invoice", "invoice");
        assertThat(code(check(INVOICE, "/accounts/" + account + "/invoices/P-404", own(account), null, 404)))
                .isEqualTo("INVOICE_NOT_FOUND");
        check(INVOICE, "/accounts/" + account + "/invoices/P%zz", own(account), null, 400);
    }

    @Test
    @Order(5)
    void thePdf() throws IOException {
        String account = accountId();
        AgentKey key = IssuerFixtures.connect(f.aws, f.config, f.simulator, account, false);
        issue(account, "P-pdf");
        Answer pdf = check(PDF, "/accounts/" + account + "/invoices/P-pdf/pdf", own(account), null, 200);
        assertThat(new String(pdf.body(), 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF");
        assertThat(code(check(PDF, "/accounts/" + account + "/invoices/P-pdf/pdf?document=storno", own(account), null, 404)))
                .isEqualTo("INVOICE_NOT_FOUND");
        check(PDF, "/accounts/" + account + "/invoices/P-pdf/pdf?document=receipt", own(account), null, 400);
        check(PDF, "/accounts/" + account + "/invoices/P-pdf/pdf?revision=-1", own(account), null, 400);

        // an amended purchase: its chain on the single view, each revision's invoice and storno as a PDF
        f.issue(IssuerFixtures.amended(account, "P-pdf", 1, 1, 4990, Optional.of("Contract Kft.")));
        JsonNode chain = check(INVOICE, "/accounts/" + account + "/invoices/P-pdf", own(account), null, 200).json()
                .get("chain");
        assertThat(chain.findValuesAsText("state")).containsExactly("REVERSED", "ISSUED");
        check(PDF, "/accounts/" + account + "/invoices/P-pdf/pdf?revision=1", own(account), null, 200);
        check(PDF, "/accounts/" + account + "/invoices/P-pdf/pdf?revision=0&document=storno", own(account), null, 200);
        check(LIST, "/accounts/" + account + "/invoices", own(account), null, 200);

        // too large to pass through a Lambda answer: the same reply with its PDF padded past 4.4 MB
        ConnectApiHandler padding = ConnectApiWiring.over(f.config, f.aws)
                .withAgent(new SzamlaAgentClient(padPdfs(new HttpAgentTransport(AgentHttpConfig.defaults(f.simulator.url())
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))))))
                .withReissuer(id -> 0).handler();
        assertThat(code(check(gateway(padding), PDF, "/accounts/" + account + "/invoices/P-pdf/pdf", own(account), null,
                Map.of(), 502))).isEqualTo("PDF_TOO_LARGE");

        f.simulator.setFaults(Faults.none().withDownRate(1.0));
        try {
            assertThat(code(check(PDF, "/accounts/" + account + "/invoices/P-pdf/pdf", own(account), null, 503)))
                    .isEqualTo("AGENT_UNAVAILABLE");
        } finally {
            f.simulator.setFaults(Faults.none());
        }
        f.simulator.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        assertThat(code(check(PDF, "/accounts/" + account + "/invoices/P-pdf/pdf", own(account), null, 422)))
                .isEqualTo("ACCOUNT_BLOCKED");

        check(DISCONNECT, "/accounts/" + account + "/szamlazz", own(account), null, 204);
        assertThat(code(check(PDF, "/accounts/" + account + "/invoices/P-pdf/pdf", own(account), null, 404)))
                .isEqualTo("NOT_CONNECTED");
    }

    /** What every route answers alike: a malformed id (also a broken escape), no token, another tenant, a huge body. */
    @Test
    @Order(6)
    void everyRoutesCommonAnswers() {
        String victim = connected();
        String intruder = accountId();
        for (String operation : OPERATIONS) {
            String body = operation.equals(CONNECT) ? body(f.workingKey(), false, null) : null;
            assertThat(code(check(operation, path(operation, "%zz"), own(intruder), body, 400))).isEqualTo("VALIDATION_FAILED");
            Answer unauthorized = check(operation, path(operation, victim), null, body, 401);
            assertThat(unauthorized.text()).isEqualTo("{\"message\":\"Unauthorized\"}");
            check(operation, path(operation, victim), "Bearer not-a-jwt", body, 401);
            assertThat(code(check(operation, path(operation, victim), own(intruder), body, 403))).isEqualTo("FORBIDDEN");
            check(api, operation, path(operation, victim), own(victim), null,
                    Map.of("content-length", Long.toString(LocalApiGateway.API_GATEWAY_MAX_PAYLOAD + 1)), 413);
        }
    }

    /** An unexpected failure (here: tables that do not exist) on every route: 500 with the request id. */
    @Test
    @Order(7)
    void unexpectedFailuresOnEveryRoute() throws IOException {
        AppConfig broken = new AppConfig("no-such-accounts-table", "no-such-invoices-table", f.config.invoiceQueueUrl(),
                f.config.invoiceDlqUrl(), f.config.agentKeyKmsKeyId(), f.config.fingerprintPepperSecretId(),
                f.config.outcomeEventBus(), f.simulator.url());
        LocalApiGateway failing = gateway(ConnectApiWiring.over(broken, f.aws).withReissuer(id -> 0).handler());
        String account = accountId();
        for (String operation : OPERATIONS) {
            String body = operation.equals(CONNECT) ? body(f.workingKey(), false, null) : null;
            JsonNode error = check(failing, operation, path(operation, account), own(account), body, Map.of(), 500).json();
            assertThat(error.get("code").asText()).isEqualTo("INTERNAL_ERROR");
            assertThat(error.get("requestId").asText()).isNotBlank();
        }
    }

    /** A route the API does not have: API Gateway's 404, whatever the token; no operation documents it. */
    @Test
    @Order(8)
    void unknownRoutes() {
        ApiResponse documented = spec.getComponents().getResponses().get("RouteNotFound");
        SchemaValidator schemas = new SchemaValidator(spec, new MessageResolver());
        String account = accountId();
        for (String[] request : List.of(new String[] {"GET", "/accounts/" + account + "/other"},
                new String[] {"PATCH", "/accounts/" + account + "/szamlazz"}, new String[] {"GET", "/accounts/" + account + "/szamlazz/reissue"},
                new String[] {"POST", "/accounts/" + account + "/invoices"}, new String[] {"GET", "/"}, new String[] {"GET", "/%zz"})) {
            for (String token : Arrays.asList(own(account), null)) {
                Answer answer = send(api, request[0], request[1], token, null, Map.of());
                assertThat(answer.status()).as("%s %s", request[0], request[1]).isEqualTo(404);
                assertThat(documented.getContent()).containsKey(answer.header("content-type").orElseThrow());
                ValidationReport report = schemas.validate(answer.text(),
                        documented.getContent().get(answer.header("content-type").orElseThrow()).getSchema(), "response.body");
                assertThat(errors(report)).as("%s %s: %s", request[0], request[1], answer.text()).isEmpty();
                assertThat(answer.text()).isEqualTo("{\"message\":\"Not Found\"}");
            }
        }
        produced.add("unknown route 404");
    }

    /**
     * An account over its request budget (here one read and one write per minute, the clock held still): every route
     * answers 429 {@code TOO_MANY_REQUESTS} with {@code Retry-After}, as documented; another account is not refused.
     */
    @Test
    @Order(9)
    void anAccountOverItsBudgetOnEveryRoute() throws IOException {
        java.time.Clock still = java.time.Clock.fixed(Instant.parse("2026-12-04T10:00:01Z"), java.time.ZoneOffset.UTC);
        LocalApiGateway tight = gateway(ConnectApiWiring.over(f.config, f.aws)
                .withThrottling(new TenantThrottleSettings(Duration.ofMinutes(1), 1, 1)).withClock(still)
                .withReissuer(id -> 0).handler());
        String account = accountId();
        for (String operation : OPERATIONS) {
            String body = operation.equals(CONNECT) ? body(f.workingKey(), false, null) : null;
            String method = operation.substring(0, operation.indexOf(' '));
            send(tight, method, path(operation, account), own(account), body, Map.of()); // spends the class's budget
            Answer refused = check(tight, operation, path(operation, account), own(account), body, Map.of(), 429);
            assertThat(code(refused)).isEqualTo("TOO_MANY_REQUESTS");
            assertThat(refused.header("retry-after")).contains("59");
        }
        String other = accountId();
        assertThat(send(tight, "GET", "/accounts/" + other + "/szamlazz", own(other), null, Map.of()).status())
                .as("another account's budget is its own").isEqualTo(404);
    }

    /** Every documented (operation, status) was produced above, but for {@link #NOT_PRODUCED}; and every error code. */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyDocumentedAnswerWasProducedAndValidated() {
        Set<String> documented = new TreeSet<>();
        spec.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                operation.getResponses().keySet().forEach(status -> documented.add(method + " " + path + " " + status))));
        assertThat(documented).as("the spec's operations").isNotEmpty().containsAll(NOT_PRODUCED.keySet());
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(produced);
        missing.removeAll(NOT_PRODUCED.keySet());
        assertThat(missing).as("documented answers no test produced (produce them, or say why in NOT_PRODUCED)").isEmpty();
        Set<String> undocumented = new TreeSet<>(produced);
        undocumented.removeAll(documented);
        assertThat(undocumented).as("produced, not documented").containsExactly("unknown route 404");
        Set<ErrorCode> notSeen = new TreeSet<>(Arrays.asList(ErrorCode.values()));
        notSeen.removeAll(codes);
        assertThat(notSeen).as("error codes no answer carried").isEqualTo(new TreeSet<>(CODES_NOT_PRODUCED));
    }

    // --- requests and their validation ---------------------------------------------------------------------------

    /** An answer as read off the wire: status, lower-cased headers, body. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name)).map(values -> values.get(0));
        }
    }

    private Answer check(String operation, String target, String token, String body, int expected) {
        return check(api, operation, target, token, body, Map.of(), expected);
    }

    /**
     * Sends the request through {@code gateway}, demands {@code expected}, and validates the answer against the spec's
     * {@code operation} (its method and path template); records what was produced.
     */
    private Answer check(LocalApiGateway gateway, String operation, String target, String token, String body,
            Map<String, String> headers, int expected) {
        String method = operation.substring(0, operation.indexOf(' '));
        Answer answer = send(gateway, method, target, token, body, headers);
        assertThat(answer.status()).as("%s %s -> %s", method, target, answer.text()).isEqualTo(expected);
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status()).withBody(answer.body());
        answer.headers().forEach(response::withHeader);
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method), response.build());
        assertThat(errors(report)).as("%s %s -> %d %s", method, target, answer.status(), answer.text()).isEmpty();
        produced.add(operation + " " + answer.status());
        if (answer.header("content-type").orElse("").startsWith("application/json") && answer.json().has("code")) {
            codes.add(ErrorCode.valueOf(answer.json().get("code").asText()));
        }
        return answer;
    }

    private static List<String> errors(ValidationReport report) {
        return report.getMessages().stream().filter(m -> m.getLevel() != ValidationReport.Level.IGNORE
                        && m.getLevel() != ValidationReport.Level.INFO)
                .map(m -> m.getLevel() + " " + m.getKey() + ": " + m.getMessage()).toList();
    }

    /** Raw HTTP/1.1 (one request a connection), so that any target can be sent as it is, {@code %zz} too. */
    private static Answer send(LocalApiGateway gateway, String method, String target, String token, String body,
            Map<String, String> extra) {
        URI url = gateway.url();
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(url.getPort()).append("\r\nConnection: close\r\n");
        if (token != null) {
            head.append("Authorization: ").append(token).append("\r\n");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (body != null) {
            headers.put("content-type", "application/json");
            headers.put("content-length", Integer.toString(bytes.length));
        }
        headers.putAll(extra);
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), url.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (!extra.containsKey("content-length")) {
                out.write(bytes);
            }
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("an HTTP answer: %s", text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        return new Answer(status, headers, Arrays.copyOfRange(all, end + 4, all.length));
    }

    // --- fixtures --------------------------------------------------------------------------------------------------

    private static String own(String accountId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return "Bearer " + b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"u-1\",\"account_id\":\"" + accountId + "\"}").getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String body(String key, boolean eInvoice, String prefix) {
        return "{\"agentKey\":\"" + key + "\",\"eInvoice\":" + eInvoice + ",\"invoicePrefix\":"
                + (prefix == null ? "null" : "\"" + prefix + "\"") + "}";
    }

    private static String receiptBody(String key, String receiptPrefix) {
        return "{\"agentKey\":\"" + key + "\",\"documentType\":\"receipt\",\"receiptPrefix\":\"" + receiptPrefix + "\"}";
    }

    private static String code(Answer answer) {
        return answer.json().get("code").asText();
    }

    /** The operation's path for {@code accountId} (as sent: may be malformed), purchase {@code P-1}. */
    private static String path(String operation, String accountId) {
        return operation.substring(operation.indexOf(' ') + 1).replace("{accountId}", accountId).replace("{purchaseId}", "P-1");
    }

    private String connected() {
        String account = accountId();
        check(CONNECT, "/accounts/" + account + "/szamlazz", own(account), body(f.workingKey(), false, null), 200);
        return account;
    }

    /** A ledger item: issued when {@code issued}, else parked for a blocked account. */
    private void purchase(String account, String purchaseId, boolean issued) {
        String message = IssuerFixtures.paid(account, purchaseId, 2, 1000).replace("2026-11-27T18:05:11Z", PAID.toString());
        var claimed = (Claim.Claimed) ledger.claim(new PurchaseClaim(account, purchaseId, "ai:" + account + ":" + purchaseId,
                message, PAID, stored -> true), PAID, Duration.ofSeconds(90), Duration.ofSeconds(90), Optional.empty());
        if (issued) {
            ledger.issue(claimed.item(), "TIX-" + purchaseId, false, "fp", PAID.plusSeconds(2));
        } else {
            ledger.park(claimed.item(), new Cause(Reason.ACCOUNT_BLOCKED, "136: zárolva"), PAID);
        }
    }

    /** Issues the purchase through the real issuer on the simulator. */
    private void issue(String account, String purchaseId) {
        f.issue(IssuerFixtures.paid(account, purchaseId, 1, 5990));
    }

    /** The Agent's replies with every base64 {@code <pdf>} padded past {@link InvoicePdfs#MAX_PDF_BYTES}. */
    private static AgentTransport padPdfs(AgentTransport transport) {
        return (key, request) -> {
            TransportOutcome outcome = transport.send(key, request);
            if (!(outcome instanceof TransportOutcome.Reply reply)) {
                return outcome;
            }
            String xml = new String(reply.body(), StandardCharsets.UTF_8);
            int start = xml.indexOf("<pdf>");
            int end = xml.indexOf("</pdf>");
            if (start < 0 || end < start) {
                return outcome;
            }
            byte[] pdf = Base64.getMimeDecoder().decode(xml.substring(start + 5, end));
            ByteArrayOutputStream padded = new ByteArrayOutputStream();
            padded.writeBytes(pdf);
            padded.writeBytes(" ".repeat(InvoicePdfs.MAX_PDF_BYTES).getBytes(StandardCharsets.US_ASCII));
            String body = xml.substring(0, start + 5) + Base64.getEncoder().encodeToString(padded.toByteArray())
                    + xml.substring(end);
            return new TransportOutcome.Reply(reply.status(), reply.headers(), body.getBytes(StandardCharsets.UTF_8));
        };
    }
}
