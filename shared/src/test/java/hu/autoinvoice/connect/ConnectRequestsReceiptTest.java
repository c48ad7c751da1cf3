package hu.autoinvoice.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.testing.TestKeys;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The connect body's document type and receipt prefix: defaults, the valid combinations and every refusal, in hu and en. */
class ConnectRequestsReceiptTest {

    private static final String KEY = TestKeys.key("rcpt01");

    private static String body(String extra) {
        return "{\"agentKey\":\"" + KEY + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static ConnectRequest valid(String extra) {
        ConnectRequests.Parsed parsed = ConnectRequests.parse(body(extra));
        assertThat(parsed).as(extra).isInstanceOf(ConnectRequests.Valid.class);
        return ((ConnectRequests.Valid) parsed).request();
    }

    private static FieldError onlyError(String extra) {
        ConnectRequests.Parsed parsed = ConnectRequests.parse(body(extra));
        assertThat(parsed).as(extra).isInstanceOf(ConnectRequests.Invalid.class);
        var errors = ((ConnectRequests.Invalid) parsed).errors();
        assertThat(errors).as(extra).hasSize(1);
        FieldError error = errors.getFirst();
        assertThat(error.message()).isNotBlank();
        assertThat(error.messageHu()).isNotBlank().isNotEqualTo(error.message());
        return error;
    }

    @Test
    void withoutADocumentTypeTheAccountIssuesInvoices() {
        ConnectRequest request = valid("");
        assertThat(request.documentType()).isEqualTo(DocumentType.INVOICE);
        assertThat(request.receiptPrefix()).isEmpty();
        assertThat(valid("\"documentType\":null").documentType()).isEqualTo(DocumentType.INVOICE);
        assertThat(valid("\"documentType\":\"invoice\",\"receiptPrefix\":null").receiptPrefix()).isEmpty();
        assertThat(valid("\"documentType\":\"invoice\",\"receiptPrefix\":\"  \"").receiptPrefix()).isEmpty();
    }

    @Test
    void receiptsWithAPrefixAreAcceptedTrimmed() {
        ConnectRequest request = valid("\"documentType\":\"receipt\",\"receiptPrefix\":\" NY2026 \",\"invoicePrefix\":\"TIX\"");
        assertThat(request.documentType()).isEqualTo(DocumentType.RECEIPT);
        assertThat(request.receiptPrefix()).contains("NY2026");
        assertThat(request.invoicePrefix()).contains("TIX");
        assertThat(valid("\"documentType\":\"receipt\",\"receiptPrefix\":\"" + "N".repeat(ConnectRequests.MAX_PREFIX_LENGTH) + "\"")
                .receiptPrefix()).isPresent();
        assertThat(request.toString()).doesNotContain(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"receipts\"", "\"RECEIPT\"", "\"nyugta\"", "\"\"", "1", "true", "[\"receipt\"]"})
    void anUnknownDocumentTypeIsRefusedNamingTheAllowedValues(String value) {
        FieldError error = onlyError("\"documentType\":" + value);
        assertThat(error.field()).isEqualTo("documentType");
        assertThat(error.message()).contains("\"invoice\"").contains("\"receipt\"");
        assertThat(error.messageHu()).contains("\"invoice\"").contains("\"receipt\"").contains("nyugta");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",\"receiptPrefix\":null", ",\"receiptPrefix\":\"   \""})
    void receiptsNeedAPrefix(String prefix) {
        FieldError error = onlyError("\"documentType\":\"receipt\"" + prefix);
        assertThat(error.field()).isEqualTo("receiptPrefix");
        assertThat(error.message()).contains("required");
        assertThat(error.messageHu()).contains("kötelező");
    }

    @Test
    void aReceiptPrefixWithInvoicesIsRefused() {
        for (String type : new String[] {"", "\"documentType\":\"invoice\","}) {
            FieldError error = onlyError(type + "\"receiptPrefix\":\"NY\"");
            assertThat(error.field()).isEqualTo("receiptPrefix");
            assertThat(error.message()).contains("\"receipt\" only");
            assertThat(error.messageHu()).contains("csak \"receipt\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"ny\"", "\"Ny1\"", "\"NY-1\"", "\"NY 1\"", "\"NYÁ\"", "\"NY_1\"", "42", "\"NYUGTA12345\""})
    void aReceiptPrefixOutsideTheVendorsFormatIsRefused(String value) {
        FieldError error = onlyError("\"documentType\":\"receipt\",\"receiptPrefix\":" + value);
        assertThat(error.field()).isEqualTo("receiptPrefix");
        assertThat(error.message()).contains("upper-case letters (A–Z) or digits").contains("1–" + ConnectRequests.MAX_PREFIX_LENGTH);
        assertThat(error.messageHu()).contains("nagybetű").contains("számjegy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TIX", "tix", "Tix"})
    void theReceiptPrefixMustNotBeTheInvoicePrefix(String invoicePrefix) {
        FieldError error = onlyError("\"documentType\":\"receipt\",\"receiptPrefix\":\"TIX\",\"invoicePrefix\":\"" + invoicePrefix + "\"");
        assertThat(error.field()).isEqualTo("receiptPrefix");
        assertThat(error.message()).contains("differ from invoicePrefix");
        assertThat(error.messageHu()).contains("nem egyezhet");
    }

    @Test
    void aBadDocumentTypeAndABadPrefixAreBothReported() {
        ConnectRequests.Parsed parsed = ConnectRequests.parse(body("\"documentType\":\"nyugta\",\"receiptPrefix\":\"ny\""));
        assertThat(parsed).isInstanceOfSatisfying(ConnectRequests.Invalid.class, i ->
                assertThat(i.errors()).extracting(FieldError::field).containsExactly("documentType", "receiptPrefix"));
    }

    @Test
    void theUnknownFieldMessageListsTheNewFields() {
        FieldError error = onlyError("\"receiptprefix\":\"NY\"");
        assertThat(error.message()).contains("documentType").contains("receiptPrefix");
        assertThat(error.messageHu()).contains("documentType").contains("receiptPrefix");
    }

    @Test
    void aRequestKeepsTheReceiptPrefixWithReceiptsOnly() {
        AgentKey key = AgentKey.of(KEY);
        assertThat(new ConnectRequest(key, false, Optional.empty()).documentType()).isEqualTo(DocumentType.INVOICE);
        assertThatThrownBy(() -> new ConnectRequest(key, false, Optional.empty(), DocumentType.RECEIPT, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectRequest(key, false, Optional.empty(), DocumentType.INVOICE, Optional.of("NY")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
