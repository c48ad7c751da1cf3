package hu.autoinvoice.probe;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.InvoiceData;
import hu.autoinvoice.agent.InvoicePreview;
import hu.autoinvoice.agent.OutcomeClass;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The probe's decision table (docs/DESIGN.md §6) and its small settings, without I/O. */
class ProbeVerdictTest {

    private static final AgentResult<InvoiceData> NOT_FOUND = AgentResult.failed(AgentError.ofCode(7, "Hiányzó adat"));
    private static final AgentResult<InvoicePreview> PREVIEW_OK = AgentResult.ok(new InvoicePreview(Optional.empty()));

    @Test
    void notFoundMeansTheKeyWorks() {
        assertThat(ProbeVerdict.of(AccountStatus.KEY_REJECTED, NOT_FOUND, Optional.empty()))
                .isInstanceOf(ProbeVerdict.Healthy.class);
        assertThat(ProbeVerdict.of(AccountStatus.ACCOUNT_BLOCKED, NOT_FOUND, Optional.empty()).status())
                .contains(AccountStatus.HEALTHY);
        assertThat(ProbeVerdict.previewNeeded(AccountStatus.HEALTHY, NOT_FOUND)).isFalse();
    }

    @Test
    void accountRefusalsMapToTheirStatus() {
        Map<Integer, AccountStatus> expected = Map.of(3, AccountStatus.KEY_REJECTED, 136, AccountStatus.ACCOUNT_BLOCKED,
                54, AccountStatus.EINVOICE_NOT_ALLOWED, 202, AccountStatus.PREFIX_INVALID, 164, AccountStatus.UNKNOWN);
        expected.forEach((code, status) -> {
            ProbeVerdict verdict = ProbeVerdict.of(AccountStatus.HEALTHY,
                    AgentResult.failed(AgentError.ofCode(code, "refused")), Optional.empty());
            assertThat(verdict).as("code %d", code).isEqualTo(new ProbeVerdict.Problem(status,
                    "Agent query ACCOUNT code " + code + ": refused"));
        });
    }

    @Test
    void transientUnknownAndDataAnswersDecideNothing() {
        for (AgentError error : new AgentError[] {AgentError.ofCode(1, "karbantartás"),
                AgentError.of(OutcomeClass.TRANSIENT, "timeout"), AgentError.ofCode(999, "?"),
                AgentError.ofCode(57, "XML")}) {
            ProbeVerdict verdict = ProbeVerdict.of(AccountStatus.ACCOUNT_BLOCKED, AgentResult.failed(error),
                    Optional.empty());
            assertThat(verdict).as("%s", error).isInstanceOf(ProbeVerdict.Inconclusive.class);
            assertThat(verdict.status()).isEmpty();
            assertThat(ProbeVerdict.previewNeeded(AccountStatus.PREFIX_INVALID, AgentResult.failed(error))).isFalse();
        }
    }

    @Test
    void prefixEInvoiceAndUnknownProblemsNeedAPassingPreview() {
        for (AccountStatus status : new AccountStatus[] {AccountStatus.PREFIX_INVALID, AccountStatus.EINVOICE_NOT_ALLOWED,
                AccountStatus.UNKNOWN}) {
            assertThat(ProbeVerdict.previewNeeded(status, NOT_FOUND)).isTrue();
            assertThat(ProbeVerdict.of(status, NOT_FOUND, Optional.empty())).isInstanceOf(ProbeVerdict.Inconclusive.class);
            assertThat(ProbeVerdict.of(status, NOT_FOUND, Optional.of(PREVIEW_OK)).status()).contains(AccountStatus.HEALTHY);
            assertThat(ProbeVerdict.of(status, NOT_FOUND,
                    Optional.of(AgentResult.failed(AgentError.ofCode(202, "előtag")))).status())
                    .contains(AccountStatus.PREFIX_INVALID);
            assertThat(ProbeVerdict.of(status, NOT_FOUND,
                    Optional.of(AgentResult.failed(AgentError.ofCode(164, "több fiók")))).status())
                    .as("a create still refused for the unknown reason").contains(AccountStatus.UNKNOWN);
            assertThat(ProbeVerdict.of(status, NOT_FOUND,
                    Optional.of(AgentResult.failed(AgentError.ofCode(1, "karbantartás")))).status()).isEmpty();
        }
    }

    @Test
    void settingsComeFromTheEnvironmentWithDefaults() {
        assertThat(ProbeSettings.fromEnv(Map.of())).isEqualTo(ProbeSettings.defaults());
        ProbeSettings set = ProbeSettings.fromEnv(Map.of(ProbeSettings.CONCURRENCY_VAR, " 8 ",
                ProbeSettings.SEGMENTS_VAR, "2", ProbeSettings.PAGE_SIZE_VAR, "50", ProbeSettings.SAFETY_MARGIN_VAR, "45"));
        assertThat(set).isEqualTo(new ProbeSettings(8, 2, 50, Duration.ofSeconds(45)));
        assertThatThrownBy(() -> ProbeSettings.fromEnv(Map.of(ProbeSettings.CONCURRENCY_VAR, "many")))
                .hasMessageContaining(ProbeSettings.CONCURRENCY_VAR);
        assertThatThrownBy(() -> ProbeSettings.defaults().withConcurrency(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
