package hu.autoinvoice.connect;

import hu.autoinvoice.testing.TestKeys;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.account.AccountStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The connect body rules, the caller check and the texts, without AWS or the Agent. */
class ConnectRequestsTest {

    private static final String KEY = TestKeys.key("abcdef");

    @Test
    void aValidBodyIsTrimmedAndDefaulted() {
        var parsed = ConnectRequests.parse("{\"agentKey\":\" " + KEY + "\\n\",\"invoicePrefix\":\"  TIX \"}");
        assertThat(parsed).isInstanceOfSatisfying(ConnectRequests.Valid.class, v -> {
            assertThat(v.request().agentKey().reveal()).isEqualTo(KEY);
            assertThat(v.request().eInvoice()).isFalse();
            assertThat(v.request().invoicePrefix()).contains("TIX");
            assertThat(v.request().needsPreview()).isTrue();
            assertThat(v.request().toString()).doesNotContain(KEY);
        });
        assertThat(ConnectRequests.parse("{\"agentKey\":\"" + KEY + "\",\"invoicePrefix\":\"\",\"eInvoice\":false}"))
                .isInstanceOfSatisfying(ConnectRequests.Valid.class, v -> {
                    assertThat(v.request().invoicePrefix()).isEmpty();
                    assertThat(v.request().needsPreview()).isFalse();
                });
    }

    @Test
    void everyBrokenKeyRuleIsReportedWithoutEchoingTheKey() {
        String bad = "ABC DEF";
        var parsed = ConnectRequests.parse("{\"agentKey\":\"" + bad + "\"}");
        assertThat(parsed).isInstanceOfSatisfying(ConnectRequests.Invalid.class, i -> {
            assertThat(i.errors()).extracting(FieldError::field).containsOnly("agentKey");
            assertThat(i.errors()).extracting(FieldError::message)
                    .anyMatch(m -> m.contains("spaces")).anyMatch(m -> m.contains("lowercase")).anyMatch(m -> m.contains("42"));
            assertThat(i.errors().toString()).doesNotContain(bad);
        });
    }

    @Test
    void aKeyOfExactlyTheBoundaryLengthsPasses() {
        assertThat(ConnectRequests.checkKey("a".repeat(ConnectRequests.MIN_KEY_LENGTH))).isEmpty();
        assertThat(ConnectRequests.checkKey("a".repeat(ConnectRequests.MAX_KEY_LENGTH))).isEmpty();
        assertThat(ConnectRequests.checkKey("a".repeat(ConnectRequests.MIN_KEY_LENGTH - 1))).hasSize(1);
        assertThat(ConnectRequests.checkKey("a".repeat(ConnectRequests.MAX_KEY_LENGTH + 1))).hasSize(1);
    }

    @Test
    void theCallerMustOwnTheAccountOrHaveTheOpsScope() {
        CallerAuthorizer auth = new CallerAuthorizer(AuthSettings.defaults());
        assertThat(auth.mayActOn("org-1", Map.of("account_id", "org-1"), null)).isTrue();
        assertThat(auth.mayActOn("org-1", Map.of("account_id", "org-2"), null)).isFalse();
        assertThat(auth.mayActOn("org-1", null, null)).isFalse();
        assertThat(auth.mayActOn("org-1", Map.of("scope", "openid autoinvoice/ops"), null)).isTrue();
        assertThat(auth.mayActOn("org-1", Map.of("scope", "[openid autoinvoice/ops]"), null)).isTrue();
        assertThat(auth.mayActOn("org-1", Map.of("scope", "autoinvoice/ops2"), null)).isFalse();
        // scopes are separated by spaces only: one scope with a comma in its name is not the ops scope
        assertThat(auth.mayActOn("org-1", Map.of("scope", "x,autoinvoice/ops"), null)).isFalse();
        assertThat(auth.mayActOn("org-1", Map.of("scope", "[x,autoinvoice/ops]"), null)).isFalse();
        assertThat(auth.mayActOn("org-1", Map.of("scope", "openid\tautoinvoice/ops"), null)).isTrue();
        assertThat(auth.mayActOn("org-1", Map.of(), List.of("autoinvoice/ops"))).isTrue();
        assertThat(AuthSettings.fromMap(Map.of("AUTH_OPS_SCOPE", " admin/all "))).isEqualTo(new AuthSettings("account_id", "admin/all"));
    }

    @Test
    void everyStatusHasRemediationAndEveryRefusalUsesIt() {
        for (AccountStatus status : AccountStatus.values()) {
            assertThat(ConnectTexts.remediation(status).hu()).isNotBlank();
            assertThat(ConnectTexts.remediation(status).en()).isNotBlank();
            if (status != AccountStatus.HEALTHY) {
                assertThat(ConnectTexts.error(ConnectTexts.refusal(status))).isEqualTo(ConnectTexts.remediation(status));
            }
        }
        assertThat(ConnectTexts.remediation(AccountStatus.KEY_REJECTED).hu()).contains("Számla Agent kulcsok");
        assertThat(ConnectTexts.remediation(AccountStatus.PREFIX_INVALID).hu()).contains("Beállítások → Előtagok");
        assertThat(ConnectTexts.remediation(AccountStatus.ACCOUNT_BLOCKED).en()).contains("bank card");
        assertThat(ApiError.internal("r-1").requestId()).isEqualTo(Optional.of("r-1"));
    }
}
