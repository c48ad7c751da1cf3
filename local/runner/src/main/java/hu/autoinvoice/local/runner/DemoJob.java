package hu.autoinvoice.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hu.autoinvoice.connect.AuthSettings;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.local.agent.AccountUpdate;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The main job of {@code make run}, once the components are up: connects a demo organiser through the real connect
 * API handler over HTTP (an unsigned JWT; with the simulator, a demo key is set up there first; with {@code --real}
 * the key comes from {@code SZAMLAZZ_AGENT_KEY}), enqueues the {@code purchase.paid} samples of
 * {@code events/messages/} for that organiser, and prints a table purchase → state → invoice number as the real
 * issuer handler works through them, until every purchase is settled (ISSUED, PARKED or FAILED) or the time is up.
 */
public final class DemoJob {

    /** The demo organiser's account id. */
    public static final String DEMO_ACCOUNT = "demo-organiser";
    /** How long the demo waits for the purchases to settle. */
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One purchase's row of the table. */
    public record Row(String purchaseId, LedgerState state, Optional<String> invoiceNumber, Optional<String> reason) {
        /** Done waiting: issued, parked or failed. */
        public boolean settled() {
            return state != null && state != LedgerState.SENDING;
        }
    }

    private final LocalRunner runner;
    private final Path messages;
    private final PrintStream out;
    private final Optional<String> realKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param messages the folder of sample messages ({@code events/messages})
     * @param realKey the Agent key when the runner talks to the real Számlázz.hu; empty with the simulator
     */
    public DemoJob(LocalRunner runner, Path messages, Optional<String> realKey, PrintStream out) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.realKey = Objects.requireNonNull(realKey, "realKey");
        this.out = Objects.requireNonNull(out, "out");
        if (runner.component(AgentEndpoint.class).real() && realKey.isEmpty()) {
            throw new IllegalArgumentException("the real Agent needs a key");
        }
    }

    /** Connects, enqueues, follows; returns the final rows. */
    public List<Row> run(Duration wait) throws IOException, InterruptedException {
        boolean real = runner.component(AgentEndpoint.class).real();
        out.println();
        out.println("== Demo: organiser '" + DEMO_ACCOUNT + "' issues the sample purchases"
                + (real ? " on the REAL Számlázz.hu (test account!)" : " on the simulator"));
        connect(real);
        List<String> purchaseIds = enqueue(real);
        List<Row> rows = follow(purchaseIds, wait);
        showThroughTheApi(rows);
        showOutcomeEvents();
        return rows;
    }

    /** Prints the outcome events the demo's invoices put on the stack's bus (recorded by the EventBridge stand-in). */
    private void showOutcomeEvents() throws IOException {
        AwsComponent aws = runner.component(AwsComponent.class);
        String busName = aws.resources().eventBusName();
        List<hu.autoinvoice.local.aws.FakeEventBridge.RecordedEvent> events = aws.aws().eventBridge().recorded().stream()
                .filter(e -> e.busName().equals(busName)).toList();
        out.println("   Outcome events on the EventBridge bus '" + busName + "' (the stand-in records what was put):");
        for (var event : events) {
            JsonNode detail = JSON.readTree(event.detail());
            if (!DEMO_ACCOUNT.equals(detail.path("accountId").asText())) {
                continue;
            }
            String what = detail.path("invoiceNumber").isTextual() ? detail.path("invoiceNumber").asText()
                    : detail.path("reason").asText();
            out.printf("     %-17s %-26s %-16s eventId %s%n", event.detailType(), detail.path("purchaseId").asText(), what,
                    detail.path("eventId").asText());
        }
    }

    /** Where the demo saves the PDF it downloads (its path is printed). */
    static final Path PDF_DIR = Path.of(System.getProperty("java.io.tmpdir"), "autoinvoice-demo");

    /** Lists the organiser's invoices through the connect API and saves one issued invoice's PDF (its path printed). */
    private void showThroughTheApi(List<Row> rows) throws IOException, InterruptedException {
        URI invoices = runner.component(ConnectApiComponent.class).gateway().url()
                .resolve("accounts/" + DEMO_ACCOUNT + "/invoices?limit=10");
        HttpResponse<String> list = get(invoices, HttpResponse.BodyHandlers.ofString());
        JsonNode items = JSON.readTree(list.body()).path("invoices");
        out.println("   GET " + invoices + " -> HTTP " + list.statusCode() + ", " + items.size() + " invoice(s):");
        for (JsonNode item : items) {
            out.println("     " + item.path("purchaseId").asText() + "  " + item.path("state").asText() + "  "
                    + item.path("invoiceNumber").asText(item.path("reason").asText("")) + "  "
                    + item.path("grossTotal").asText("?") + " " + item.path("currency").asText(""));
        }
        Optional<Row> issued = rows.stream().filter(r -> r.state() == LedgerState.ISSUED).findFirst();
        if (issued.isEmpty()) {
            return;
        }
        URI pdfUrl = runner.component(ConnectApiComponent.class).gateway().url()
                .resolve("accounts/" + DEMO_ACCOUNT + "/invoices/" + issued.get().purchaseId() + "/pdf");
        HttpResponse<byte[]> pdf = get(pdfUrl, HttpResponse.BodyHandlers.ofByteArray());
        if (pdf.statusCode() != 200) {
            out.println("   GET " + pdfUrl + " -> HTTP " + pdf.statusCode() + " " + new String(pdf.body(), StandardCharsets.UTF_8));
            return;
        }
        Files.createDirectories(PDF_DIR);
        Path file = PDF_DIR.resolve(issued.get().invoiceNumber().orElse("invoice") + ".pdf");
        Files.write(file, pdf.body());
        out.println("   GET " + pdfUrl + " -> " + pdf.body().length + " bytes of PDF, saved to " + file);
    }

    private <T> HttpResponse<T> get(URI url, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + unsignedJwt(AuthSettings.fromMap(System.getenv()).accountClaim(), DEMO_ACCOUNT))
                .GET().build(), body);
    }

    private void connect(boolean real) throws IOException, InterruptedException {
        String key = realKey.orElseGet(() -> {
            String demoKey = IssuerFixtures.LOCAL_KEY_MARKER + UUID.randomUUID().toString().replace("-", "");
            runner.component(AgentSimulatorComponent.class).simulator().putAccount(demoKey, AccountUpdate.none());
            return demoKey;
        });
        URI url = runner.component(ConnectApiComponent.class).gateway().url()
                .resolve("accounts/" + DEMO_ACCOUNT + "/szamlazz");
        ObjectNode body = JSON.createObjectNode().put("agentKey", key).put("eInvoice", false).putNull("invoicePrefix");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + unsignedJwt(AuthSettings.fromMap(System.getenv()).accountClaim(), DEMO_ACCOUNT))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            // the answer never contains the key (the connect API's rule)
            throw new IllegalStateException("connecting the demo organiser failed: HTTP " + response.statusCode() + " "
                    + response.body());
        }
        JsonNode status = JSON.readTree(response.body());
        out.println("   connected: PUT " + url + " -> " + status.path("status").asText() + " (key "
                + status.path("keyHint").asText() + ")" + (real ? "" : ", demo key set up in the simulator"));
    }

    private List<String> enqueue(boolean real) throws IOException {
        AwsComponent aws = runner.component(AwsComponent.class);
        String queueUrl = aws.resources().queues().queueUrl();
        String run = Long.toString(Instant.now().getEpochSecond(), 36);
        List<String> purchaseIds = new ArrayList<>();
        for (Path file : samples()) {
            ObjectNode message = (ObjectNode) JSON.readTree(Files.readString(file));
            message.put("accountId", DEMO_ACCOUNT);
            if (real) {
                // a real account keeps its invoices: unique purchase ids per run, and no e-mail to the sample buyers
                message.put("purchaseId", message.path("purchaseId").asText() + "-" + run);
                message.put("sendEmail", false);
            }
            purchaseIds.add(message.path("purchaseId").asText());
            // MessageGroupId = the account, as the checkout backend sends (SQS fair queues; README)
            aws.aws().clients().sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(message.toString())
                    .messageGroupId(DEMO_ACCOUNT));
            out.println("   enqueued " + file.getFileName() + " as purchase " + message.path("purchaseId").asText());
        }
        return purchaseIds;
    }

    /** The {@code purchase.paid} samples (the refund sample needs an issued invoice first; see the README). */
    private List<Path> samples() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(messages, "purchase-paid*.json")) {
            found.forEach(files::add);
        }
        files.sort(null);
        if (files.isEmpty()) {
            throw new IllegalStateException("no purchase-paid*.json samples in " + messages);
        }
        return files;
    }

    private List<Row> follow(List<String> purchaseIds, Duration wait) throws InterruptedException {
        AwsComponent aws = runner.component(AwsComponent.class);
        InvoiceLedger ledger = new InvoiceLedger(aws.aws().clients().dynamoDb(), aws.resources().invoicesTable());
        Instant deadline = Instant.now().plus(wait);
        Map<String, Row> shown = new LinkedHashMap<>();
        int settled = 0;
        List<Row> rows;
        do {
            rows = purchaseIds.stream().map(id -> row(ledger, id)).toList();
            for (Row row : rows) {
                Row before = shown.put(row.purchaseId(), row);
                if (row.equals(before)) {
                    continue;
                }
                if (row.settled() && (before == null || !before.settled())) {
                    // the counter counts settled purchases, one by one: [1/3], [2/3], [3/3]
                    settled++;
                    out.printf("   [%d/%d] %s -> %s%n", settled, rows.size(), row.purchaseId(), describe(row));
                } else {
                    out.printf("         %s -> %s%n", row.purchaseId(), describe(row));
                }
            }
            if (rows.stream().allMatch(Row::settled)) {
                break;
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(deadline));
        printTable(rows);
        return rows;
    }

    private static Row row(InvoiceLedger ledger, String purchaseId) {
        Optional<LedgerEntry> entry = ledger.find(DEMO_ACCOUNT, purchaseId);
        return new Row(purchaseId, entry.map(LedgerEntry::state).orElse(null),
                entry.flatMap(LedgerEntry::invoiceNumber), entry.flatMap(LedgerEntry::reason).map(Enum::name));
    }

    private static String describe(Row row) {
        return row.state() == null ? "queued" : row.state() + row.invoiceNumber().map(n -> " " + n).orElse("")
                + (row.state() == LedgerState.ISSUED ? "" : row.reason().map(r -> " (" + r + ")").orElse(""));
    }

    private void printTable(List<Row> rows) {
        out.println();
        out.printf("   %-28s %-9s %s%n", "purchase", "state", "invoice number");
        out.printf("   %-28s %-9s %s%n", "-".repeat(28), "-".repeat(9), "-".repeat(16));
        for (Row row : rows) {
            out.printf("   %-28s %-9s %s%n", row.purchaseId(), row.state() == null ? "QUEUED" : row.state(),
                    row.invoiceNumber().orElse(row.reason().orElse("")));
        }
        out.println();
    }

    /** An unsigned JWT ({@code alg: none}) for the local API front, valid for an hour. */
    static String unsignedJwt(String accountClaim, String accountId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        ObjectNode claims = JSON.createObjectNode().put("sub", "demo").put(accountClaim, accountId)
                .put("exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
        return header + "." + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
