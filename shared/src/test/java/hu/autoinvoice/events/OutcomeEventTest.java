package hu.autoinvoice.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.invoice.InvoiceTotals;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.Outcome;
import hu.autoinvoice.ledger.PendingOutcome;
import hu.autoinvoice.ledger.Reason;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The events the relay publishes are what the published schema (events/schema/invoice-outcome.v1) describes. */
class OutcomeEventTest {

    private static final Instant AT = Instant.parse("2026-12-04T03:10:00.123456789Z");
    private static final Instant PAID = Instant.parse("2026-11-28T08:00:00Z");

    private static LedgerEntry item(Optional<String> body, Optional<String> invoice) throws Exception {
        return item("P-2026-000123", body, invoice);
    }

    private static LedgerEntry item(String itemId, Optional<String> body, Optional<String> invoice) throws Exception {
        return new LedgerEntry("org-88", itemId, LedgerState.ISSUED, "ai:org-88:P-2026-000123", 1,
                Optional.empty(), Optional.of("t"), invoice, invoice.map(n -> true), Optional.empty(), Optional.empty(),
                Optional.empty(), body, Optional.empty(), 3, AT, Optional.of("fp"), Optional.of(PAID), Optional.of(AT),
                List.of(), List.of());
    }

    /** An item issued as a receipt (as the issuer records one: the receipt's number, eInvoice as it wrote it). */
    private static LedgerEntry receiptItem(Optional<String> body, Optional<String> receipt, Optional<String> storno,
            Optional<Boolean> eInvoice) {
        return new LedgerEntry("org-91", "P-2026-000456", storno.isPresent() ? LedgerState.REVERSED : LedgerState.ISSUED,
                "ai:org-91:P-2026-000456", 1, Optional.empty(), Optional.of("t"), receipt, eInvoice, storno,
                Optional.empty(), Optional.empty(), body, Optional.empty(), 3, AT, Optional.of("fp"), Optional.of(PAID),
                Optional.of(AT), List.of(), List.of(), Optional.empty(), DocumentType.RECEIPT);
    }

    private static String personPurchase() throws Exception {
        return Files.readString(OutcomeSchema.root().resolve("events/messages/purchase-paid.person.json"));
    }

    @Test
    void aReceiptsOutcomesKeepTheirTypesAndSayDocumentTypeReceipt() throws Exception {
        String body = personPurchase();
        LedgerEntry issuedItem = receiptItem(Optional.of(body), Optional.of("NYGT-2026-42"), Optional.empty(),
                Optional.of(true));
        JsonNode issued = detail(issuedItem, new PendingOutcome(UUID.nameUUIDFromBytes(new byte[] {8}), Outcome.ISSUED, AT,
                Optional.of("NYGT-2026-42"), Optional.empty(), Optional.empty()));
        assertThat(issued.get("type").asText()).isEqualTo("invoice.issued");
        assertThat(issued.get("documentType").asText()).isEqualTo("receipt");
        assertThat(issued.get("invoiceNumber").asText()).isEqualTo("NYGT-2026-42");
        assertThat(issued.get("eInvoice").asBoolean(true)).as("a receipt is never an e-invoice").isFalse();
        // the receipt's totals: the invoice's gross, VAT re-derived from each line's gross to cents
        InvoiceTotals receiptTotals = InvoiceTotals.ofMessage(body, DocumentType.RECEIPT).orElseThrow();
        JsonNode totals = issued.get("totals");
        assertThat(new java.math.BigDecimal(totals.get("gross").asText()))
                .isEqualByComparingTo(InvoiceTotals.ofMessage(body).orElseThrow().gross())
                .isEqualByComparingTo(receiptTotals.gross());
        assertThat(new java.math.BigDecimal(totals.get("vat").asText())).isEqualByComparingTo(receiptTotals.vat());
        assertThat(new java.math.BigDecimal(totals.get("net").asText()).add(receiptTotals.vat()))
                .isEqualByComparingTo(receiptTotals.gross());

        JsonNode reversed = detail(receiptItem(Optional.of(body), Optional.of("NYGT-2026-42"), Optional.of("NYGT-2026-43"),
                Optional.of(false)), new PendingOutcome(UUID.nameUUIDFromBytes(new byte[] {9}), Outcome.REVERSED, AT,
                Optional.of("NYGT-2026-42"), Optional.of("NYGT-2026-43"), Optional.empty()));
        assertThat(reversed.get("type").asText()).isEqualTo("invoice.reversed");
        assertThat(reversed.get("documentType").asText()).isEqualTo("receipt");
        assertThat(reversed.get("stornoNumber").asText()).isEqualTo("NYGT-2026-43");

        JsonNode parked = detail(receiptItem(Optional.of(body), Optional.empty(), Optional.empty(), Optional.empty()),
                new PendingOutcome(UUID.nameUUIDFromBytes(new byte[] {10}), Outcome.PARKED, AT, Optional.empty(),
                        Optional.empty(), Optional.of(Reason.ACCOUNT_BLOCKED)));
        assertThat(parked.get("documentType").asText()).isEqualTo("receipt");
        assertThat(parked.get("eInvoice").isNull()).isTrue();

        // issued ahead of its write: the claimed item's document type
        JsonNode ahead = OutcomeSchema.JSON.readTree(OutcomeEvent.issuedAhead(issuedItem, new PendingOutcome(
                UUID.nameUUIDFromBytes(new byte[] {11}), Outcome.ISSUED, AT, Optional.of("NYGT-2026-42"), Optional.empty(),
                Optional.empty()), true).detailJson());
        assertThat(OutcomeSchema.errors(ahead)).isEmpty();
        assertThat(ahead.get("documentType").asText()).isEqualTo("receipt");
        assertThat(ahead.get("eInvoice").asBoolean(true)).isFalse();
    }

    @Test
    void anInvoiceSaysDocumentTypeInvoice() throws Exception {
        JsonNode issued = detail(item(Optional.of(purchase()), Optional.of("TIX-2026-17")), new PendingOutcome(
                UUID.nameUUIDFromBytes(new byte[] {12}), Outcome.ISSUED, AT, Optional.of("TIX-2026-17"), Optional.empty(),
                Optional.empty()));
        assertThat(issued.get("documentType").asText()).isEqualTo("invoice");
    }

    private static String purchase() throws Exception {
        return Files.readString(OutcomeSchema.root().resolve("events/messages/purchase-paid.hu-company.json"));
    }

    private static JsonNode detail(LedgerEntry entry, PendingOutcome pending) throws Exception {
        String json = OutcomeEvent.of(entry, pending).detailJson();
        JsonNode detail = OutcomeSchema.JSON.readTree(json);
        assertThat(OutcomeSchema.errors(detail)).as(json).isEmpty();
        return detail;
    }

    @Test
    void everyOutcomeRendersADetailTheSchemaAccepts() throws Exception {
        LedgerEntry withInvoice = item(Optional.of(purchase()), Optional.of("TIX-2026-17"));
        JsonNode issued = detail(withInvoice, new PendingOutcome(UUID.nameUUIDFromBytes(new byte[] {1}), Outcome.ISSUED, AT,
                Optional.of("TIX-2026-17"), Optional.empty(), Optional.empty()));
        assertThat(issued.get("type").asText()).isEqualTo("invoice.issued");
        assertThat(issued.get("invoiceNumber").asText()).isEqualTo("TIX-2026-17");
        assertThat(issued.get("eInvoice").asBoolean()).isTrue();
        assertThat(issued.get("totals").get("gross").isTextual()).isTrue();
        assertThat(issued.get("paidAt").asText()).isEqualTo(PAID.toString());
        assertThat(issued.get("reason").isNull()).isTrue();

        JsonNode reversed = detail(withInvoice, new PendingOutcome(UUID.nameUUIDFromBytes(new byte[] {2}), Outcome.REVERSED,
                AT, Optional.of("TIX-2026-17"), Optional.of("TIX-2026-18"), Optional.empty()));
        assertThat(reversed.get("stornoNumber").asText()).isEqualTo("TIX-2026-18");

        LedgerEntry without = item(Optional.of(purchase()), Optional.empty());
        JsonNode parked = detail(without, new PendingOutcome(UUID.nameUUIDFromBytes(new byte[] {3}), Outcome.PARKED, AT,
                Optional.empty(), Optional.empty(), Optional.of(Reason.ACCOUNT_BLOCKED)));
        assertThat(parked.get("reason").asText()).isEqualTo("ACCOUNT_BLOCKED");
        assertThat(parked.get("invoiceNumber").isNull()).isTrue();
        assertThat(parked.get("eInvoice").isNull()).isTrue();

        JsonNode failed = detail(item(Optional.empty(), Optional.of("TIX-1")), new PendingOutcome(
                UUID.nameUUIDFromBytes(new byte[] {4}), Outcome.FAILED, AT, Optional.of("TIX-1"), Optional.empty(),
                Optional.of(Reason.REFUND_REJECTED)));
        assertThat(failed.get("totals").isNull()).isTrue();
        assertThat(failed.get("eventId").asText()).isEqualTo(UUID.nameUUIDFromBytes(new byte[] {4}).toString());
    }

    @Test
    void anAmendmentsInvoiceIsReportedUnderThePurchaseWithItsRevision() throws Exception {
        String amendment = Files.readString(OutcomeSchema.root().resolve("events/messages/purchase-amended.partial-refund.json"));
        long revision = OutcomeSchema.JSON.readTree(amendment).get("revision").asLong();
        JsonNode issued = detail(item("P-2026-000123#r" + revision, Optional.of(amendment), Optional.of("TIX-2026-30")),
                new PendingOutcome(UUID.nameUUIDFromBytes(new byte[] {6}), Outcome.ISSUED, AT, Optional.of("TIX-2026-30"),
                        Optional.empty(), Optional.empty()));
        assertThat(issued.get("purchaseId").asText()).isEqualTo("P-2026-000123");
        assertThat(issued.get("revision").asLong()).isEqualTo(revision).isPositive();
        assertThat(new java.math.BigDecimal(issued.get("totals").get("gross").asText()))
                .as("the amended purchase's totals").isEqualByComparingTo(
                        hu.autoinvoice.invoice.InvoiceTotals.ofMessage(amendment).orElseThrow().gross());
        JsonNode original = detail(item(Optional.of(purchase()), Optional.of("TIX-1")), new PendingOutcome(
                UUID.nameUUIDFromBytes(new byte[] {7}), Outcome.REVERSED, AT, Optional.of("TIX-1"), Optional.of("TIX-2"),
                Optional.empty()));
        assertThat(original.get("revision").asLong()).isZero();
    }

    @Test
    void theTotalsAreTheInvoicesAsTheCalculatorMakesThem() throws Exception {
        LedgerEntry withInvoice = item(Optional.of(purchase()), Optional.of("TIX-1"));
        JsonNode totals = detail(withInvoice, new PendingOutcome(UUID.nameUUIDFromBytes(new byte[] {5}), Outcome.ISSUED, AT,
                Optional.of("TIX-1"), Optional.empty(), Optional.empty())).get("totals");
        var expected = hu.autoinvoice.invoice.InvoiceTotals.ofMessage(purchase()).orElseThrow();
        assertThat(new java.math.BigDecimal(totals.get("net").asText()).add(new java.math.BigDecimal(totals.get("vat").asText())))
                .isEqualByComparingTo(new java.math.BigDecimal(totals.get("gross").asText()));
        assertThat(new java.math.BigDecimal(totals.get("gross").asText())).isEqualByComparingTo(expected.gross());
        assertThat(totals.get("currency").asText()).isEqualTo(expected.currency());
    }
}
