package hu.autoinvoice.local.agent;

import hu.autoinvoice.agent.AgentErrorCode;
import hu.autoinvoice.local.LocalHttpServers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import hu.autoinvoice.testing.VendorSchemas;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * A local stand-in for the Számla Agent at {@code https://www.szamlazz.hu/szamla/}: an HTTP server on 127.0.0.1 that
 * takes the vendor's multipart requests on {@code /szamla/}, validates them against the vendor XSDs, keeps documents
 * and answers like the vendor (see {@code docs/SIMULATOR.md}). Accounts, faults, documents and counters are controlled
 * through the methods below or the JSON control API under {@code /_sim/} on the same port.
 *
 * <pre>{@code
 * try (AgentSimulator sim = AgentSimulator.start(0)) {
 *     sim.putAccount("key…", AccountUpdate.none().withPrefixes(List.of("TIX")));
 *     agentClient.post(sim.url(), xml);
 * }
 * }</pre>
 *
 * <p>Thread-safe; requests are served on virtual threads. Agent keys are never logged (at most their last 4 characters).
 */
public final class AgentSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSimulator.class);
    private static final int MAX_BODY = 16 * 1024 * 1024;
    /** The schema message of an injected data error, shaped like a validator's answer. */
    static final String INJECTED_DATA_ERROR = "cvc-complex-type.2.4.a: Invalid content was found in element 'tetel'"
            + " (injected by the simulator: dataErrorRate).";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Ledger ledger;
    private final FaultInjector faults = new FaultInjector();
    private final Optional<VendorSchemas> schemas;
    private final ControlApi control;

    private AgentSimulator(int port, Clock clock, Optional<VendorSchemas> schemas) throws IOException {
        this.ledger = new Ledger(clock);
        this.schemas = schemas;
        this.control = new ControlApi(this);
        this.executor = LocalHttpServers.executor("agent");
        this.server = LocalHttpServers.loopback(port, 256);
        server.setExecutor(executor);
        server.createContext("/", this::route);
        server.start();
    }

    /** Starts a simulator on 127.0.0.1; port 0 picks a free port. Uses the system clock (dates in Europe/Budapest). */
    public static AgentSimulator start(int port) {
        return start(port, Clock.systemUTC());
    }

    /**
     * Starts a simulator with a given clock (issue dates and the year in document numbers are its day in
     * Europe/Budapest).
     *
     * @throws IllegalStateException when the vendor XSDs cannot be found and env {@code CI=true}
     */
    public static AgentSimulator start(int port, Clock clock) {
        return start(port, clock, VendorSchemas.locate(), "true".equalsIgnoreCase(System.getenv("CI")));
    }

    static AgentSimulator start(int port, Clock clock, Optional<VendorSchemas> schemas, boolean ci) {
        if (schemas.isEmpty()) {
            if (ci) {
                throw new IllegalStateException("Számla Agent simulator: vendor XSDs not found, refusing to start"
                        + " without request validation under CI=true; " + VendorSchemas.whereLooked());
            }
            LOG.warn("Számla Agent simulator: vendor XSDs not found, requests will NOT be validated against the vendor"
                    + " schema (code 57 is never answered); {}", VendorSchemas.whereLooked());
        }
        try {
            AgentSimulator simulator = new AgentSimulator(port, Objects.requireNonNull(clock, "clock"), schemas);
            LOG.info("Számla Agent simulator listening on {} (schemas: {})", simulator.url(),
                    schemas.map(VendorSchemas::origin).orElse("none"));
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Számla Agent simulator on port " + port, e);
        }
    }

    /**
     * Runs a simulator on its own until the process is stopped: {@code java … AgentSimulator [port]} (default 8090).
     * Configure it through the control API (see {@code docs/SIMULATOR.md}).
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        AgentSimulator simulator = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "agent-simulator-stop"));
        System.out.println("Számla Agent simulator: " + simulator.url() + " (control: " + simulator.controlUrl() + ")");
        Thread.currentThread().join();
    }

    /** The Agent endpoint, {@code http://127.0.0.1:<port>/szamla/}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/szamla/");
    }

    /** The control API root, {@code http://127.0.0.1:<port>/_sim/}. */
    public URI controlUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/_sim/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Whether requests are validated against the vendor XSDs (false only when they could not be found). */
    public boolean validatesSchemas() {
        return schemas.isPresent();
    }

    /** Creates or changes the account of an Agent key; a new key starts from {@link SimAccount#DEFAULT}. */
    public SimAccount putAccount(String agentKey, AccountUpdate update) {
        return ledger.putAccount(Objects.requireNonNull(agentKey, "agentKey"), Objects.requireNonNull(update, "update"));
    }

    public Optional<SimAccount> account(String agentKey) {
        return ledger.account(agentKey);
    }

    /** Replaces the injected faults and restarts their random sequence from {@link Faults#seed()}. */
    public Faults setFaults(Faults value) {
        return faults.set(Objects.requireNonNull(value, "faults"));
    }

    public Faults faults() {
        return faults.current();
    }

    /** All documents, oldest first. */
    public List<SimDocument> documents() {
        return ledger.documents(d -> true);
    }

    public List<SimDocument> documentsByOrderNumber(String orderNumber) {
        return ledger.documents(d -> orderNumber.equals(d.orderNumber()));
    }

    public List<SimDocument> documentsByExternalId(String externalId) {
        return ledger.documents(d -> externalId.equals(d.externalId()));
    }

    /** Receipts only ({@code NY} and {@code SN}), oldest first. */
    public List<SimDocument> receipts() {
        return ledger.documents(d -> d.type().receipt());
    }

    /** The receipt e-mails recorded by {@code action-szamla_agent_nyugta_send}, oldest first. */
    public List<SimReceiptEmail> receiptEmails() {
        return ledger.receiptEmails();
    }

    public SimStats stats() {
        return ledger.stats();
    }

    /** Clears documents, accounts, sessions, counters and faults. */
    public void reset() {
        ledger.reset();
        faults.set(Faults.none());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    private void route(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/szamla") || path.startsWith("/szamla/")) {
                agent(exchange);
            } else if (path.startsWith("/_sim/")) {
                write(exchange, control.handle(exchange));
            } else {
                write(exchange, new Reply(404, List.of(), AgentReplies.TEXT, "not found\n".getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Számla Agent simulator: request failed: {}", e.toString());
            throw e;
        }
    }

    private void agent(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            write(exchange, new Reply(405, List.of(Map.entry("Allow", "POST")), AgentReplies.TEXT,
                    "POST only\n".getBytes(StandardCharsets.UTF_8)));
            return;
        }
        FaultInjector.Draw draw = faults.draw();
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY);
        // the latency is the response time, as a client sees the real Agent's: processing included
        long answerAt = System.nanoTime() + draw.latencyMs() * 1_000_000L;
        if (draw.down()) {
            ledger.countDownFault();
            LOG.debug("Számla Agent simulator: injected szlahu_down");
            if (waitUntil(answerAt)) {
                write(exchange, AgentReplies.down());
            }
            return;
        }
        Reply reply = process(exchange.getRequestHeaders().getFirst("Content-Type"), body, draw);
        if (!waitUntil(answerAt)) {
            return;
        }
        if (draw.lostReply()) {
            ledger.countLostReply();
            LOG.debug("Számla Agent simulator: processed, reply dropped on purpose (lost reply)");
            return; // closing the exchange without a response closes the connection: the client sees an I/O error
        }
        write(exchange, reply);
    }

    /** Sleeps until {@code nanoTime}; false when interrupted (the simulator is closing). */
    private static boolean waitUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait <= 0) {
            return true;
        }
        try {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Reply process(String contentType, byte[] body, FaultInjector.Draw draw) {
        Optional<String> boundary = Multipart.boundary(contentType);
        if (boundary.isEmpty()) {
            return reject(null, 1, AgentErrorCode.MISSING_XML_FILE, AgentErrorCode.MISSING_XML_FILE.hungarian());
        }
        List<Multipart.Part> parts = Multipart.parse(body, boundary.get());
        Optional<Multipart.Part> actionPart = parts.stream().filter(p -> p.name().startsWith("action-")).findFirst();
        if (actionPart.isEmpty() || !actionPart.get().isFile()) {
            return reject(null, 1, AgentErrorCode.MISSING_XML_FILE, AgentErrorCode.MISSING_XML_FILE.hungarian());
        }
        byte[] xml = actionPart.get().content();
        Optional<Element> root = Xml.parse(xml);
        int version = root.flatMap(r -> Xml.anywhere(r, "valaszVerzio")).map(AgentSimulator::parseVersion).orElse(1);
        Optional<SimAction> action = SimAction.byField(actionPart.get().name());
        if (action.isEmpty()) {
            return reject(null, version, AgentErrorCode.OPERATION_NOT_ALLOWED,
                    AgentErrorCode.OPERATION_NOT_ALLOWED.hungarian() + " A szimulátor nem ismeri ezt a műveletet.");
        }
        if (draw.transientFault()) {
            ledger.countTransientFault();
            LOG.debug("Számla Agent simulator: injected maintenance (code 1)");
            return AgentReplies.render(action.get(), version, AgentOutcome.Rejected.of(AgentErrorCode.MAINTENANCE),
                    null);
        }
        if (root.isEmpty()) {
            return reject(action.get(), version, AgentErrorCode.XML_READ_ERROR,
                    AgentErrorCode.XML_READ_ERROR.hungarian() + " " + Xml.parseError(xml));
        }
        if (schemas.isPresent()) {
            Optional<String> invalid = schemas.get().validateRequest(action.get().root(), xml);
            if (invalid.isPresent()) {
                return reject(action.get(), version, AgentErrorCode.XML_READ_ERROR,
                        AgentErrorCode.XML_READ_ERROR.hungarian() + " " + invalid.get());
            }
        }
        SimRequest request;
        try {
            request = SimRequest.read(action.get(), root.get());
        } catch (RuntimeException e) { // numbers/dates the schema let through (NaN, INF) or missing parts without XSDs
            return reject(action.get(), version, AgentErrorCode.XML_READ_ERROR,
                    AgentErrorCode.XML_READ_ERROR.hungarian() + " " + e.getClass().getSimpleName() + ": "
                            + e.getMessage());
        }
        boolean documentCreate = request instanceof SimRequest.Create create && !create.preview()
                || request instanceof SimRequest.ReceiptCreate;
        if (draw.dataError() && documentCreate) {
            ledger.countDataErrorFault();
            LOG.debug("Számla Agent simulator: injected data error (code 57)");
            return reject(action.get(), request.responseVersion(), AgentErrorCode.XML_READ_ERROR,
                    AgentErrorCode.XML_READ_ERROR.hungarian() + " " + INJECTED_DATA_ERROR);
        }
        AgentOutcome outcome = ledger.handle(request);
        if (outcome instanceof AgentOutcome.Rejected r) {
            ledger.countRejection(r.error().code());
        }
        LOG.debug("Számla Agent simulator: {} for key {} -> {}", action.get(), Ledger.hint(request.agentKey()),
                outcome instanceof AgentOutcome.Rejected r ? "code " + r.error().code() : "ok");
        return AgentReplies.render(action.get(), request.responseVersion(), outcome, ledger.session(request.agentKey()));
    }

    private Reply reject(SimAction action, int version, AgentErrorCode error, String message) {
        ledger.countRejection(error.code());
        return AgentReplies.render(action, version, new AgentOutcome.Rejected(error, message, false), null);
    }

    private static int parseVersion(String value) {
        try {
            return Integer.parseInt(value) == 2 ? 2 : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void write(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }
}
