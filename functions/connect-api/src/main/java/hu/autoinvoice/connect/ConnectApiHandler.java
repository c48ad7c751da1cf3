package hu.autoinvoice.connect;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import hu.autoinvoice.account.AgentKeyVault.KeyVaultException;
import hu.autoinvoice.invoice.ExternalIds;
import hu.autoinvoice.observability.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connect API's Lambda handler (HTTP API payload v2): parses the route, checks the caller's JWT claims against
 * the account, calls {@link AccountConnector}, shapes the JSON answer. Routes:
 * <ul>
 *   <li>{@code PUT /accounts/{accountId}/szamlazz} — connect or reconnect; 200 with the status;</li>
 *   <li>{@code GET /accounts/{accountId}/szamlazz} — status and remediation; 404 when not connected;</li>
 *   <li>{@code DELETE /accounts/{accountId}/szamlazz} — disconnect; 204, also when not connected;</li>
 *   <li>{@code POST /accounts/{accountId}/szamlazz/reissue} — re-enqueue parked and failed invoices (none while
 *       the account is not healthy; the answer carries the status);</li>
 *   <li>{@code GET /accounts/{accountId}/invoices}, {@code …/invoices/{purchaseId}}, {@code …/pdf} — read.</li>
 * </ul>
 * After the caller's claims, every request is counted against its account's budget ({@link TenantThrottle}; over it:
 * 429 {@code TOO_MANY_REQUESTS} with {@code Retry-After}), before any other work.
 * Errors are {@code {code, message, messageHu, fields?}} ({@link ApiError}); unexpected failures are 500 with a
 * request id and no internals. An event for no route (API Gateway sends none such: it answers a route it does not
 * have itself) gets API Gateway's own 404 {@code {"message":"Not Found"}}, so an unknown route has one answer
 * whoever gives it. Nothing here logs or answers the key or its ciphertext, and a log line names an account only by a
 * valid id (a path parameter is the caller's text until validated). A stream handler: the event and the answer go
 * through {@link HttpApiJson} (cold start: the runtime's reflective POJO serialisation is never loaded);
 * {@link #handle} is the same call with objects.
 */
public final class ConnectApiHandler implements RequestStreamHandler {

    /** Seconds the client should wait after a 503. */
    static final String RETRY_AFTER_SECONDS = "30";

    /** API Gateway's own answer to a route it does not have (HTTP API), the body of {@link #noRoute()}. */
    static final String NOT_FOUND_BODY = "{\"message\":\"Not Found\"}";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectApiHandler.class);

    private final AccountConnector connector;
    private final InvoiceBrowser invoices;
    private final InvoicePdfs pdfs;
    private final CallerAuthorizer authorizer;
    private final TenantThrottle throttle;

    /** The Lambda entry point: everything built once per container from the environment. */
    public ConnectApiHandler() {
        this(ConnectApiWiring.fromEnvironment());
    }

    private ConnectApiHandler(ConnectApiWiring wiring) {
        this(wiring.connector(), wiring.invoices(), wiring.pdfs(), wiring.authorizer(), wiring.throttle());
    }

    /** With explicit collaborators ({@link ConnectApiWiring#handler()} builds them). */
    public ConnectApiHandler(AccountConnector connector, InvoiceBrowser invoices, InvoicePdfs pdfs,
            CallerAuthorizer authorizer, TenantThrottle throttle) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.invoices = Objects.requireNonNull(invoices, "invoices");
        this.pdfs = Objects.requireNonNull(pdfs, "pdfs");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HttpApiJson.write(handle(HttpApiJson.read(input), context), output);
    }

    /** Answers one HTTP API event; the local API gateway and tests call this with objects. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        String requestId = requestId(event, context);
        // every line of the invocation carries the Lambda request id (or the API's, locally) and the account
        try (var invocation = LogContext.invocation(context != null && context.getAwsRequestId() != null
                ? context.getAwsRequestId() : requestId)) {
            Optional<ApiRoute> route = ApiRoute.of(event);
            try (var account = LogContext.put(LogContext.ACCOUNT_ID, route.map(ApiRoute::accountId)
                    .filter(ExternalIds::isValidId).orElse(null))) {
                return handle(event, requestId, route);
            }
        }
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, String requestId, Optional<ApiRoute> route) {
        if (route.isEmpty()) {
            LOG.info("{} no route for {} {}", requestId, printable(method(event)), printable(event.getRawPath()));
            return noRoute();
        }
        ApiRoute r = route.get();
        String account = loggable(r.accountId());
        APIGatewayV2HTTPResponse response;
        try {
            response = handle(r, event, requestId);
        } catch (KeyVaultException e) {
            LOG.error("{} {} account {}: {}", requestId, r.operation(), account, e.getMessage());
            response = e.isPermanent() ? error(ApiError.internal(requestId)) : error(ApiError.of(ErrorCode.AGENT_UNAVAILABLE));
        } catch (RuntimeException e) {
            LOG.error("{} {} account {} failed", requestId, r.operation(), account, e);
            response = error(ApiError.internal(requestId));
        }
        LOG.info("{} {} account {} -> {}", requestId, r.operation(), account, response.getStatusCode());
        return response;
    }

    /** The account id for a log line: the id when it is a valid one, never the caller's text otherwise. */
    private static String loggable(String accountId) {
        return ExternalIds.isValidId(accountId) ? accountId : "(invalid id)";
    }

    private APIGatewayV2HTTPResponse handle(ApiRoute route, APIGatewayV2HTTPEvent event, String requestId) {
        String accountId = route.accountId();
        if (!ExternalIds.isValidId(accountId)) {
            return error(ApiError.invalid(List.of(idError("accountId"))));
        }
        var jwt = event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null
                ? null : event.getRequestContext().getAuthorizer().getJwt();
        if (!authorizer.mayActOn(accountId, jwt == null ? null : jwt.getClaims(), jwt == null ? null : jwt.getScopes())) {
            LOG.info("{} {} account {}: forbidden for the caller's claims", requestId, route.operation(), accountId);
            return error(ApiError.of(ErrorCode.FORBIDDEN));
        }
        // the account's own budget, before any other work (only an authorised caller can spend it)
        if (throttle.admit(accountId, route.operation().rateClass()) instanceof TenantThrottle.Throttled throttled) {
            return retryAfter(ApiError.of(ErrorCode.TOO_MANY_REQUESTS), throttled.retryAfterSeconds());
        }
        return switch (route.operation()) {
            case CONNECT -> connect(accountId, event);
            case STATUS -> connector.status(accountId).map(s -> json(200, ApiJson.status(s)))
                    .orElseGet(() -> error(ApiError.of(ErrorCode.NOT_CONNECTED)));
            case DISCONNECT -> {
                connector.disconnect(accountId);
                yield APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(ApiJson.noStore()).build();
            }
            case REISSUE -> connector.reissue(accountId).map(outcome -> switch (outcome) {
                case AccountConnector.Reissued reissued -> json(200, ApiJson.reissued(reissued));
                // whole seconds, rounded up (RFC 9110 delay-seconds)
                case AccountConnector.TooSoon tooSoon -> retryAfter(ApiError.of(ErrorCode.REISSUE_TOO_SOON),
                        (tooSoon.retryAfter().toMillis() + 999) / 1000);
            }).orElseGet(() -> error(ApiError.of(ErrorCode.NOT_CONNECTED)));
            case LIST_INVOICES -> switch (InvoiceQueries.parse(event.getQueryStringParameters(), accountId)) {
                case InvoiceQueries.Invalid invalid -> error(ApiError.invalid(invalid.errors()));
                case InvoiceQueries.Valid valid -> json(200, ApiJson.invoices(invoices.list(accountId, valid.query())));
            };
            case GET_INVOICE, GET_INVOICE_PDF -> {
                String purchaseId = route.purchaseId().orElseThrow();
                if (!ExternalIds.isValidId(purchaseId)) {
                    yield error(ApiError.invalid(List.of(idError("purchaseId"))));
                }
                if (route.operation() == ApiRoute.Operation.GET_INVOICE) {
                    yield invoices.find(accountId, purchaseId).map(p -> json(200, ApiJson.purchase(p)))
                            .orElseGet(() -> error(ApiError.of(ErrorCode.INVOICE_NOT_FOUND)));
                }
                yield pdf(accountId, purchaseId, event);
            }
        };
    }

    /**
     * The invoice's (or, with {@code ?document=storno}, its storno's) PDF, base64 as HTTP API binary bodies are; of the
     * purchase as paid, or with {@code ?revision=r} of its amendment r's invoice.
     */
    private APIGatewayV2HTTPResponse pdf(String accountId, String purchaseId, APIGatewayV2HTTPEvent event) {
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        String document = query.get("document");
        List<FieldError> errors = new ArrayList<>();
        if (document != null && !document.equals("invoice") && !document.equals("storno")) {
            errors.add(new FieldError("document", "document must be invoice or storno.",
                    "A document értéke invoice vagy storno lehet."));
        }
        long revision = revision(query.get("revision"));
        if (revision < 0) {
            errors.add(new FieldError("revision", "revision must be a whole number from 0 to " + Integer.MAX_VALUE + ".",
                    "A revision 0 és " + Integer.MAX_VALUE + " közötti egész szám lehet."));
        }
        if (!errors.isEmpty()) {
            return error(ApiError.invalid(errors));
        }
        return switch (pdfs.fetch(accountId, purchaseId, revision, "storno".equals(document)
                ? InvoicePdfs.Document.STORNO : InvoicePdfs.Document.INVOICE)) {
            case InvoicePdfs.Pdf pdf -> {
                Map<String, String> headers = ApiJson.noStore();
                headers.put("content-type", "application/pdf");
                headers.put("content-disposition", "inline; filename=\"" + pdf.fileName() + "\"");
                yield APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers)
                        .withBody(Base64.getEncoder().encodeToString(pdf.bytes())).withIsBase64Encoded(true).build();
            }
            case InvoicePdfs.NoDocument none -> error(ApiError.of(ErrorCode.INVOICE_NOT_FOUND));
            case InvoicePdfs.NotConnected none -> error(ApiError.of(ErrorCode.NOT_CONNECTED));
            case InvoicePdfs.AccountUnusable unusable -> error(ApiError.of(ConnectTexts.refusal(unusable.status())));
            case InvoicePdfs.Unavailable unavailable -> error(ApiError.of(ErrorCode.AGENT_UNAVAILABLE));
            case InvoicePdfs.TooLarge large -> error(ApiError.of(ErrorCode.PDF_TOO_LARGE));
        };
    }

    /** The {@code revision} query parameter: 0 when absent, -1 when it is not a whole number from 0 to 2^31-1. */
    private static long revision(String value) {
        if (value == null) {
            return 0;
        }
        String digits = value.trim();
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long revision = Long.parseLong(digits);
        return revision > Integer.MAX_VALUE ? -1 : revision;
    }

    /** An id path parameter that breaks the id rule (the purchase messages' rule, {@link ExternalIds#isValidId}). */
    private static FieldError idError(String field) {
        return new FieldError(field,
                field + " must be 1–" + ExternalIds.MAX_ID_LENGTH + " letters, digits, '.', '_' or '-', starting with a letter or digit.",
                (field.startsWith("a") ? "Az " : "A ") + field + " 1–" + ExternalIds.MAX_ID_LENGTH
                        + " betű, számjegy, '.', '_' vagy '-' lehet, betűvel vagy számjeggyel kezdve.");
    }

    private APIGatewayV2HTTPResponse connect(String accountId, APIGatewayV2HTTPEvent event) {
        Optional<String> body = body(event);
        if (body.isEmpty()) {
            return error(ApiError.invalid(List.of(new FieldError("body", "The body is not valid base64.",
                    "A kérés törzse nem érvényes base64."))));
        }
        return switch (ConnectRequests.parse(body.get())) {
            case ConnectRequests.Invalid invalid -> error(ApiError.invalid(invalid.errors()));
            case ConnectRequests.Valid valid -> switch (connector.connect(accountId, valid.request())) {
                case AccountConnector.Connected connected -> json(200, ApiJson.status(connected.status()));
                case AccountConnector.Refused refused -> error(refused.error());
            };
        };
    }

    private static Optional<String> body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null || !event.getIsBase64Encoded()) {
            return Optional.ofNullable(body).or(() -> Optional.of(""));
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static APIGatewayV2HTTPResponse error(ApiError error) {
        APIGatewayV2HTTPResponse response = json(error.httpStatus(), ApiJson.error(error));
        if (error.code() == ErrorCode.AGENT_UNAVAILABLE) {
            response.getHeaders().put("retry-after", RETRY_AFTER_SECONDS);
        }
        return response;
    }

    /** A 429 with {@code Retry-After} in whole seconds. */
    private static APIGatewayV2HTTPResponse retryAfter(ApiError error, long seconds) {
        APIGatewayV2HTTPResponse response = error(error);
        response.getHeaders().put("retry-after", Long.toString(Math.max(1, seconds)));
        return response;
    }

    /** API Gateway's answer to a route it does not have, the same from the function ({@link #NOT_FOUND_BODY}). */
    private static APIGatewayV2HTTPResponse noRoute() {
        Map<String, String> headers = ApiJson.noStore();
        headers.put("content-type", "application/json");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(404).withHeaders(headers).withBody(NOT_FOUND_BODY)
                .withIsBase64Encoded(false).build();
    }

    private static APIGatewayV2HTTPResponse json(int status, String body) {
        Map<String, String> headers = ApiJson.noStore();
        headers.put("content-type", "application/json; charset=utf-8");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body)
                .withIsBase64Encoded(false).build();
    }

    private static String requestId(APIGatewayV2HTTPEvent event, Context context) {
        if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
                && !event.getRequestContext().getRequestId().isBlank()) {
            return event.getRequestContext().getRequestId();
        }
        return context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        return event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "?";
    }

    /** The caller's text made safe for one log line: anything but id and path characters becomes {@code ?}. */
    private static String printable(String text) {
        String cleaned = (text == null ? "" : text).replaceAll("[^A-Za-z0-9/._{}-]", "?");
        return cleaned.length() > 120 ? cleaned.substring(0, 120) + "…" : cleaned;
    }
}
