package hu.autoinvoice.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.PendingOutcome;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.AgentSimulatorExtension;
import hu.autoinvoice.local.aws.FakeEventBridge;
import hu.autoinvoice.local.aws.LocalAws;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.local.runner.ProbeComponent;
import hu.autoinvoice.probe.HealthProbeWiring;
import hu.autoinvoice.probe.ProbeReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outcome events end to end: the real issuer (through the queue) records each final outcome with its event on the
 * ledger item and publishes it to the EventBridge stand-in; a publish that fails leaves the event pending, never the
 * invoice, and the probe's sweep publishes it later with the same event id.
 */
@ExtendWith({LocalAwsExtension.class, AgentSimulatorExtension.class})
class OutcomeEventsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AgentSimulator sim;
    private static FakeEventBridge bus;
    private final AwsClients clients;
    private final IssuerHarness h;
    private final InvoiceLedger ledger;

    OutcomeEventsEndToEndTest(AwsClients clients, AppConfig base) {
        this.clients = clients;
        this.h = IssuerHarness.withOwnAccountsTable(clients, base, sim, "events");
        this.ledger = new InvoiceLedger(clients.dynamoDb(), h.config.invoicesTable());
    }

    @BeforeAll
    static void start(LocalAws aws, AgentSimulator started) {
        sim = started;
        bus = aws.eventBridge();
    }

    /** The details put on the stack's bus for {@code accountId}, in put order. */
    private List<JsonNode> events(String accountId) {
        return bus.recorded().stream()
                .filter(e -> e.busName().equals(h.config.outcomeEventBus()) && e.source().equals("hu.autoinvoice"))
                .map(e -> {
                    try {
                        JsonNode detail = JSON.readTree(e.detail());
                        assertThat(detail.get("type").asText()).isEqualTo(e.detailType());
                        return detail;
                    } catch (Exception x) {
                        throw new AssertionError(x);
                    }
                })
                .filter(d -> d.get("accountId").asText().equals(accountId))
                .toList();
    }

    private static List<String> types(List<JsonNode> events, String purchaseId) {
        return events.stream().filter(d -> d.get("purchaseId").asText().equals(purchaseId))
                .map(d -> d.get("type").asText()).toList();
    }

    @Test
    void everyFinalOutcomeIsPublishedOnceWithWhatTheCheckoutNeeds() {
        String acc = IssuerHarness.id("ev");
        AgentKey key = h.connect(acc);
        String issued = "P-iss-" + UUID.randomUUID().toString().substring(0, 6);
        String refunded = "P-ref-" + UUID.randomUUID().toString().substring(0, 6);
        h.send(IssuerFixtures.paid(acc, issued, 2, 4990), IssuerFixtures.paid(acc, refunded, 1, 9990));
        h.drain();
        h.send(IssuerFixtures.refunded(acc, refunded));
        h.drain();
        sim.putAccount(key.reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
        String parked = "P-park-" + UUID.randomUUID().toString().substring(0, 6);
        h.send(IssuerFixtures.paid(acc, parked, 1, 1990));
        h.drain();
        // the same purchase redelivered (the probe's backfill while still blocked) is parked again: no second event
        new AccountStore(clients.dynamoDb(), h.config.accountsTable()).find(acc).ifPresent(a -> {
            assertThat(a.status()).isEqualTo(AccountStatus.ACCOUNT_BLOCKED);
        });
        h.send(IssuerFixtures.paid(acc, parked, 1, 1990));
        h.drain();

        List<JsonNode> events = events(acc);
        assertThat(types(events, issued)).containsExactly("invoice.issued");
        assertThat(types(events, refunded)).containsExactly("invoice.issued", "invoice.reversed");
        assertThat(types(events, parked)).containsExactly("invoice.parked");

        LedgerEntry issuedItem = ledger.find(acc, issued).orElseThrow();
        JsonNode issuedEvent = events.stream().filter(d -> d.get("purchaseId").asText().equals(issued)).findFirst().orElseThrow();
        assertThat(issuedEvent.get("invoiceNumber").asText()).isEqualTo(issuedItem.invoiceNumber().orElseThrow());
        assertThat(issuedEvent.get("totals").get("gross").asText()).isEqualTo("9980");
        assertThat(issuedEvent.get("totals").get("currency").asText()).isEqualTo("HUF");
        JsonNode reversed = events.stream().filter(d -> d.get("type").asText().equals("invoice.reversed")).findFirst().orElseThrow();
        assertThat(reversed.get("stornoNumber").asText()).isEqualTo(ledger.find(acc, refunded).orElseThrow().stornoNumber().orElseThrow());
        JsonNode parkedEvent = events.stream().filter(d -> d.get("purchaseId").asText().equals(parked)).findFirst().orElseThrow();
        assertThat(parkedEvent.get("reason").asText()).isEqualTo("ACCOUNT_BLOCKED");
        assertThat(events).extracting(d -> d.get("eventId").asText()).doesNotHaveDuplicates();

        for (String p : List.of(issued, refunded, parked)) {
            assertThat(ledger.find(acc, p).orElseThrow().outbox()).as(p + ": published and cleared").isEmpty();
        }
        // the invoice.issued went out before the ledger recorded it (no outbox to clear), with the id the outbox
        // would have given it: a later relay of the same outcome is deduplicated by consumers
        assertThat(issuedEvent.get("eventId").asText()).as("the id the outbox would have given it")
                .isEqualTo(PendingOutcome.issued(acc, issued,
                        issuedItem.invoiceNumber().orElseThrow(), Instant.EPOCH).eventId().toString());
        assertThat(ledger.withPendingOutcomes(acc, 10)).isEmpty();
    }

    @Test
    void aFailedPublishRetriesTheEventNeverTheInvoice() {
        String acc = IssuerHarness.id("evfail");
        h.connect(acc);
        String p = "P-bus-down-" + UUID.randomUUID().toString().substring(0, 6);
        bus.failNextPuts(1000, FakeEventBridge.Failure.REQUEST);
        try {
            h.send(IssuerFixtures.paid(acc, p, 1, 4990));
            h.drain();
        } finally {
            bus.failNextPuts(0, FakeEventBridge.Failure.REQUEST);
        }
        LedgerEntry item = ledger.find(acc, p).orElseThrow();
        assertThat(item.state()).isEqualTo(LedgerState.ISSUED);
        assertThat(item.outbox()).as("the event waits on the item").hasSize(1);
        assertThat(events(acc)).isEmpty();
        assertThat(h.dlq()).as("the purchase itself is done: acknowledged, not retried").isEmpty();

        // the next probe run (its clock past the sweep age) publishes it; the invoice is not touched again
        ProbeReport report = HealthProbeWiring.over(h.config, clients)
                .withClock(Clock.fixed(Instant.now().plus(Duration.ofMinutes(5)), ZoneOffset.UTC))
                .probe().run(TimeBudget.of(ProbeComponent.RUN_BUDGET));
        assertThat(report.completed()).isTrue();
        List<JsonNode> events = events(acc);
        assertThat(types(events, p)).containsExactly("invoice.issued");
        assertThat(events.getFirst().get("eventId").asText()).isEqualTo(item.outbox().getFirst().eventId().toString());
        assertThat(ledger.find(acc, p).orElseThrow().outbox()).isEmpty();
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).as("one invoice, whatever the bus did").isEqualTo(1);
    }

    @Test
    void anEntryTheBusRefusesStaysPendingAndARedeliveryPublishesIt() {
        String acc = IssuerHarness.id("eventry");
        h.connect(acc);
        String p = "P-entry-" + UUID.randomUUID().toString().substring(0, 6);
        bus.failNextPuts(1, FakeEventBridge.Failure.ENTRY);
        h.send(IssuerFixtures.paid(acc, p, 1, 2990));
        h.drain();
        assertThat(ledger.find(acc, p).orElseThrow().outbox()).hasSize(1);
        assertThat(events(acc)).isEmpty();

        // the checkout sends the purchase again (or SQS redelivers it): the item has its invoice, the event goes out
        h.send(IssuerFixtures.paid(acc, p, 1, 2990));
        h.drain();
        assertThat(types(events(acc), p)).containsExactly("invoice.issued");
        assertThat(ledger.find(acc, p).orElseThrow().outbox()).isEmpty();
        assertThat(h.calls(AgentAction.CREATE_INVOICE)).isEqualTo(1);
    }
}
