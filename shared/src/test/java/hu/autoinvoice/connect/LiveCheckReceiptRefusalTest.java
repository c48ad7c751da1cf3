package hu.autoinvoice.connect;

import hu.autoinvoice.account.ReceiptSettingsCheck;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentErrorCode;
import hu.autoinvoice.agent.OutcomeClass;
import org.junit.jupiter.api.Test;

/** The vendor's receipt refusal codes as connect answers, with their hu/en texts. */
class LiveCheckReceiptRefusalTest {

    private static AgentError code(AgentErrorCode code) {
        return AgentError.ofCode(code.code(), code.hungarian());
    }

    @Test
    void receiptPrefixCodesAreTheirOwnAnswers() {
        assertThat(LiveCheck.receiptRefusal(code(AgentErrorCode.RECEIPT_PREFIX_USED_FOR_INVOICES)))
                .hasValueSatisfying(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RECEIPT_PREFIX_IS_INVOICE_PREFIX);
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.messageHu()).contains("nyugta-előtag");
                    assertThat(e.message()).contains("receipt prefix");
                });
        assertThat(LiveCheck.receiptRefusal(code(AgentErrorCode.RECEIPT_PREFIX_NOT_ENABLED)))
                .hasValueSatisfying(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RECEIPT_PREFIX_NOT_ENABLED);
                    assertThat(e.messageHu()).contains("nincs engedélyezve");
                    assertThat(e.message()).contains("not enabled");
                });
        assertThat(LiveCheck.receiptRefusal(code(AgentErrorCode.RECEIPT_PREFIX_MALFORMED)))
                .hasValueSatisfying(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.fields()).singleElement().satisfies(f -> {
                        assertThat(f.field()).isEqualTo("receiptPrefix");
                        assertThat(f.messageHu()).contains("nagybetű");
                    });
                });
    }

    @Test
    void otherCodesAreLeftToTheAccountRules() {
        // 8 is a receipt refusal only where the call was a receipt action (the check's receipt get): not mapped here
        assertThat(LiveCheck.receiptRefusal(code(AgentErrorCode.NOT_IN_PACKAGE))).isEmpty();
        assertThat(LiveCheck.receiptRefusal(code(AgentErrorCode.PREFIX_INVALID))).isEmpty();
        assertThat(LiveCheck.receiptRefusal(code(AgentErrorCode.LOGIN_FAILED))).isEmpty();
        assertThat(LiveCheck.receiptRefusal(AgentError.of(OutcomeClass.TRANSIENT, "timeout"))).isEmpty();
    }

    @Test
    void aPrefixRefusalOfThePreviewUnderTheReceiptPrefixMeansItIsNoInvoicePrefix() {
        assertThat(ReceiptSettingsCheck.NOT_AN_INVOICE_PREFIX).contains(AgentErrorCode.PREFIX_INVALID)
                .doesNotContain(AgentErrorCode.LOGIN_FAILED, AgentErrorCode.LOGIN_BLOCKED, AgentErrorCode.EINVOICE_NOT_ALLOWED);
    }

    @Test
    void theSentinelCallIdIsTheSentinelExternalId() {
        assertThat(LiveCheck.sentinelCallId("org-1").value()).isEqualTo(LiveCheck.sentinelExternalId("org-1"));
    }
}
