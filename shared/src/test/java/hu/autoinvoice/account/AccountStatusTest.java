package hu.autoinvoice.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.OutcomeClass;
import org.junit.jupiter.api.Test;

class AccountStatusTest {

    @Test
    void anAccountRefusalOfTheAgentGivesTheStatusItPutsTheAccountIn() {
        assertThat(AccountStatus.of(AgentError.ofCode(136, "zárolva"))).isEqualTo(AccountStatus.ACCOUNT_BLOCKED);
        assertThat(AccountStatus.of(AgentError.ofCode(3, "hibás kulcs"))).isEqualTo(AccountStatus.KEY_REJECTED);
        assertThat(AccountStatus.of(AgentError.ofCode(135, "böngésző"))).as("another account-level code")
                .isEqualTo(AccountStatus.UNKNOWN);
    }

    @Test
    void anErrorOfAnotherClassIsNoAccountRefusal() {
        assertThatThrownBy(() -> AccountStatus.of(AgentError.of(OutcomeClass.TRANSIENT, "karbantartás")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TRANSIENT");
    }
}
