package hu.autoinvoice.agent;

import hu.autoinvoice.testing.TestKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AgentKeyAndCodesTest {

    @Test
    void keyNeverShowsItselfAndComparesByValue() {
        String secret = TestKeys.key("abwxyz");
        AgentKey key = AgentKey.of(secret);
        assertThat(key.toString()).isEqualTo("AgentKey[****wxyz]").doesNotContain(secret);
        assertThat(key.hint()).isEqualTo("wxyz");
        assertThat(key).isEqualTo(AgentKey.of(new String(secret.toCharArray()))).hasSameHashCodeAs(AgentKey.of(secret));
        assertThat(key).isNotEqualTo(AgentKey.of(secret + "x"));
        assertThat(AgentKey.of("short").hint()).isEmpty();
        assertThat(AgentKey.of("short").toString()).isEqualTo("AgentKey[****]");
        assertThatThrownBy(() -> AgentKey.of("  ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyCodeNamedInTheBriefHasItsClass() {
        Map<OutcomeClass, int[]> expected = Map.of(
                OutcomeClass.TRANSIENT, new int[] {1, 55, 167},
                OutcomeClass.ACCOUNT, new int[] {3, 8, 49, 54, 135, 136, 137, 164, 202, 250, 353, 354, 356, 357},
                // per-document refusals (491 KATA protection, 358/359/489/493/494 permissions) must not mark the
                // whole account unhealthy: they fail the one invoice (issue 12)
                OutcomeClass.DATA, new int[] {14, 52, 53, 57, 73, 221, 259, 260, 261, 262, 263, 264, 309, 352, 395, 396, 463,
                        358, 359, 489, 491, 493, 494},
                OutcomeClass.DUPLICATE_ORDER, new int[] {71, 152, 338},
                OutcomeClass.NOT_FOUND, new int[] {7},
                OutcomeClass.UNKNOWN, new int[] {0, 56, 341, 999, -1});
        expected.forEach((cls, codes) -> {
            for (int code : codes) {
                assertThat(AgentErrorCode.classify(code)).as("code %d", code).isEqualTo(cls);
            }
        });
    }

    @Test
    void accountCodesNameTheAccountProblem() {
        assertThat(AgentError.ofCode(3, "").accountProblem()).contains(AccountProblem.KEY_REJECTED);
        assertThat(AgentError.ofCode(136, "").accountProblem()).contains(AccountProblem.ACCOUNT_BLOCKED);
        assertThat(AgentError.ofCode(54, "").accountProblem()).contains(AccountProblem.EINVOICE_NOT_ALLOWED);
        assertThat(AgentError.ofCode(202, "").accountProblem()).contains(AccountProblem.PREFIX_INVALID);
        assertThat(AgentError.ofCode(164, "").accountProblem()).contains(AccountProblem.OTHER);
        assertThat(AgentError.ofCode(57, "").accountProblem()).isEmpty();
        assertThat(new AgentError(OutcomeClass.ACCOUNT, OptionalInt.empty(), "").accountProblem()).contains(AccountProblem.OTHER);
        for (AgentErrorCode known : AgentErrorCode.values()) {
            if (known.outcomeClass() != OutcomeClass.ACCOUNT) {
                assertThat(AgentError.ofCode(known.code(), "").accountProblem()).as("code %d", known.code()).isEmpty();
            }
        }
    }
}
