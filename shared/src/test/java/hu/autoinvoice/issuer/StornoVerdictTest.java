package hu.autoinvoice.issuer;

import static hu.autoinvoice.issuer.VerdictFixtures.KEY;
import static hu.autoinvoice.issuer.VerdictFixtures.OTHER_KEY;
import static hu.autoinvoice.issuer.VerdictFixtures.PURCHASE;
import static hu.autoinvoice.issuer.VerdictFixtures.created;
import static hu.autoinvoice.issuer.VerdictFixtures.document;
import static hu.autoinvoice.issuer.VerdictFixtures.entry;
import static hu.autoinvoice.issuer.VerdictFixtures.everyAccount;
import static hu.autoinvoice.issuer.VerdictFixtures.failed;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.InvoiceData;
import hu.autoinvoice.agent.OutcomeClass;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.Reason;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The issuer's decisions for a pending refund (docs/ISSUING.md), without I/O: every account, every answer. */
class StornoVerdictTest {

    private static LedgerEntry pending(String issuedWith) {
        return entry(LedgerState.REFUND_PENDING, 1, Optional.of("E-1"), Optional.of("{refund}"), Optional.of(issuedWith));
    }

    @Test
    void aRefundWaitsForTheAccountThenLooksUpAnInvoiceOfAnotherKeyFirst() {
        for (Optional<Account> account : everyAccount()) {
            for (String issuedWith : List.of(KEY, OTHER_KEY)) {
                StornoVerdict verdict = StornoVerdict.before(pending(issuedWith), account);
                String as = account.map(a -> a.status().name()).orElse("no account") + " issued with " + issuedWith;
                if (account.isEmpty() || account.get().status() != AccountStatus.HEALTHY) {
                    Reason expected = account.map(a -> Reason.accountUnusable(a.status())).orElse(Reason.ACCOUNT_NOT_CONNECTED);
                    assertThat(verdict).as(as).isInstanceOfSatisfying(StornoVerdict.Hold.class,
                            h -> assertThat(h.cause().reason()).isEqualTo(expected));
                } else {
                    assertThat(verdict).as(as).isEqualTo(issuedWith.equals(KEY) ? new StornoVerdict.Storno()
                            : new StornoVerdict.LookUpFirst());
                }
            }
        }
    }

    @Test
    void theLookUpGoesOnOnlyWhenTheConnectedAccountHoldsThisPurchasesInvoice() {
        LedgerEntry e = pending(OTHER_KEY);
        assertThat(StornoVerdict.afterLookUp(e, AgentResult.ok(document("E-1", InvoiceData.TYPE_INVOICE, PURCHASE,
                false, Optional.empty())))).isEqualTo(new StornoVerdict.Storno());
        for (InvoiceData other : List.of(document("E-1", InvoiceData.TYPE_INVOICE, "P-other", false, Optional.empty()),
                document("E-1", InvoiceData.TYPE_INVOICE, PURCHASE, true, Optional.empty()),
                document("E-1", InvoiceData.TYPE_STORNO, PURCHASE, false, Optional.empty()))) {
            assertThat(StornoVerdict.afterLookUp(e, AgentResult.ok(other))).as("%s", other)
                    .isInstanceOfSatisfying(StornoVerdict.Fail.class, f -> {
                        assertThat(f.cause().reason()).isEqualTo(Reason.INVOICE_IN_OTHER_ACCOUNT);
                        assertThat(f.cause().message()).contains("reverse E-1 in the previous account");
                    });
        }
        for (OutcomeClass outcomeClass : OutcomeClass.values()) {
            StornoVerdict verdict = StornoVerdict.afterLookUp(e, failed(outcomeClass));
            switch (outcomeClass) {
                case NOT_FOUND -> assertThat(verdict).isInstanceOfSatisfying(StornoVerdict.Fail.class,
                        f -> assertThat(f.cause().reason()).isEqualTo(Reason.INVOICE_IN_OTHER_ACCOUNT));
                case ACCOUNT -> assertThat(verdict)
                        .isEqualTo(new StornoVerdict.AccountRefused(AccountStatus.ACCOUNT_BLOCKED, "zárolva"));
                case TRANSIENT, UNKNOWN, DATA, DUPLICATE_ORDER -> assertThat(verdict).as("%s", outcomeClass)
                        .isInstanceOfSatisfying(StornoVerdict.Hold.class, h -> {
                            assertThat(h.cause().reason()).isEqualTo(Reason.LOOKUP_INCONCLUSIVE);
                            assertThat(h.cause().reason().parks()).as("retried").isFalse();
                        });
            }
        }
    }

    @Test
    void aStornoIsConfirmedOnlyByAnotherDocumentWithATotalThatIsNotPositive() {
        assertThat(StornoVerdict.afterStorno("E-1", AgentResult.ok(created("E-2", "-100", "-127"))))
                .isEqualTo(new StornoVerdict.Reversed("E-2"));
        assertThat(StornoVerdict.afterStorno("E-1", AgentResult.ok(created("E-1", "-100", "-127"))))
                .as("the same number back").isInstanceOfSatisfying(StornoVerdict.Fail.class,
                        f -> assertThat(f.cause().reason()).isEqualTo(Reason.STORNO_NOT_CONFIRMED));
        assertThat(StornoVerdict.afterStorno("E-1", AgentResult.ok(created("E-2", "100", "127"))))
                .as("a positive total").isInstanceOfSatisfying(StornoVerdict.Fail.class,
                        f -> assertThat(f.cause().reason()).isEqualTo(Reason.STORNO_NOT_CONFIRMED));
    }

    @Test
    void everyRefusalOfTheStornoHasItsVerdict() {
        for (OutcomeClass outcomeClass : OutcomeClass.values()) {
            StornoVerdict verdict = StornoVerdict.afterStorno("E-1", failed(outcomeClass));
            switch (outcomeClass) {
                case ACCOUNT -> assertThat(verdict)
                        .isEqualTo(new StornoVerdict.AccountRefused(AccountStatus.ACCOUNT_BLOCKED, "zárolva"));
                case DATA, NOT_FOUND, DUPLICATE_ORDER -> assertThat(verdict).as("%s", outcomeClass)
                        .isInstanceOfSatisfying(StornoVerdict.Fail.class,
                                f -> assertThat(f.cause().reason()).isEqualTo(Reason.REFUND_REJECTED));
                case TRANSIENT -> assertThat(verdict).isInstanceOfSatisfying(StornoVerdict.Hold.class,
                        h -> assertThat(h.cause().reason()).isEqualTo(Reason.STORNO_TRANSIENT));
                case UNKNOWN -> assertThat(verdict).isInstanceOfSatisfying(StornoVerdict.Hold.class,
                        h -> assertThat(h.cause().reason()).isEqualTo(Reason.STORNO_OUTCOME_UNKNOWN));
            }
        }
    }
}
