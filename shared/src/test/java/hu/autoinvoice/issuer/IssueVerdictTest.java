package hu.autoinvoice.issuer;

import static hu.autoinvoice.issuer.VerdictFixtures.KEY;
import static hu.autoinvoice.issuer.VerdictFixtures.OTHER_KEY;
import static hu.autoinvoice.issuer.VerdictFixtures.PURCHASE;
import static hu.autoinvoice.issuer.VerdictFixtures.account;
import static hu.autoinvoice.issuer.VerdictFixtures.created;
import static hu.autoinvoice.issuer.VerdictFixtures.document;
import static hu.autoinvoice.issuer.VerdictFixtures.entry;
import static hu.autoinvoice.issuer.VerdictFixtures.everyAccount;
import static hu.autoinvoice.issuer.VerdictFixtures.failed;
import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.InvoiceData;
import hu.autoinvoice.agent.IssuedDocument;
import hu.autoinvoice.agent.OutcomeClass;
import hu.autoinvoice.ledger.Claim;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.ledger.SendSlot;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The issuer's decisions for a purchase (docs/ISSUING.md), without I/O: every claim against every account state,
 * and every Agent answer — a found document of each kind and a refusal of each outcome class — at each call.
 */
class IssueVerdictTest {

    private static final InvoiceData OURS = document("E-1", InvoiceData.TYPE_INVOICE, PURCHASE, false,
            Optional.of(new BigDecimal("5990")));
    private static final InvoiceData REVERSED = document("E-1", InvoiceData.TYPE_INVOICE, PURCHASE, true, Optional.empty());
    private static final InvoiceData STORNO = document("E-2", InvoiceData.TYPE_STORNO, PURCHASE, false, Optional.empty());
    private static final InvoiceData PROFORMA = document("D-1", "D", PURCHASE, false, Optional.empty());

    // --- after the claim: every claim kind × no account or every status × the item's sends ---------------------------

    @Test
    void aBusyItemIsRetriedWhateverTheAccount() {
        for (Optional<Account> account : everyAccount()) {
            assertThat(IssueVerdict.afterClaim(new Claim.Busy(entry(LedgerState.SENDING, 1, Optional.empty(),
                    Optional.empty(), Optional.empty())), account)).isEqualTo(new IssueVerdict.Retry(Reason.LEASE_HELD));
        }
    }

    @Test
    void anItemWithAnInvoiceIsReversedWhenItsRefundIsPendingElseADuplicate() {
        for (Optional<Account> account : everyAccount()) {
            for (LedgerState state : List.of(LedgerState.ISSUED, LedgerState.REFUND_PENDING, LedgerState.REVERSED,
                    LedgerState.FAILED)) {
                for (Optional<String> refund : List.of(Optional.<String>empty(), Optional.of("{refund}"))) {
                    LedgerEntry e = entry(state, 1, Optional.of("E-1"), refund, Optional.of(KEY));
                    IssueVerdict verdict = IssueVerdict.afterClaim(new Claim.HasInvoice(e), account);
                    // a reversal is due exactly for ISSUED / REFUND_PENDING with a refund; it then checks the account
                    assertThat(verdict).as("%s %s %s", state, refund, account.map(Account::status))
                            .isEqualTo(e.refundPending() ? new IssueVerdict.Reverse(e) : new IssueVerdict.Duplicate(state));
                }
            }
        }
    }

    @Test
    void aChangedPurchaseIsRejectedWithoutTouchingTheItem() {
        for (Optional<Account> account : everyAccount()) {
            for (Optional<String> invoice : List.of(Optional.<String>empty(), Optional.of("E-1"))) {
                IssueVerdict verdict = IssueVerdict.afterClaim(new Claim.Changed(entry(
                        invoice.isPresent() ? LedgerState.ISSUED : LedgerState.PARKED, 1, invoice, Optional.empty(),
                        Optional.empty())), account);
                assertThat(verdict).isInstanceOfSatisfying(IssueVerdict.Reject.class, r -> {
                    assertThat(r.cause().reason()).isEqualTo(Reason.PURCHASE_CHANGED);
                    invoice.ifPresent(n -> assertThat(r.cause().message()).contains("its invoice " + n));
                });
            }
        }
    }

    @Test
    void aClaimedItemIsParkedUnlessTheAccountIsHealthyThenQueriedFirstOnlyIfACreateMayExist() {
        for (Optional<Account> account : everyAccount()) {
            for (int sends : new int[] {0, 1, 4}) {
                for (boolean reserved : new boolean[] {false, true}) {
                    LedgerEntry e = entry(LedgerState.SENDING, reserved ? 1 : sends, Optional.empty(), Optional.empty(),
                            Optional.empty());
                    IssueVerdict verdict = IssueVerdict.afterClaim(new Claim.Claimed(e, reserved), account);
                    String as = account.map(a -> a.status().name()).orElse("no account") + " sends=" + e.sends()
                            + " reserved=" + reserved;
                    if (account.isEmpty()) {
                        assertThat(verdict).as(as).isInstanceOfSatisfying(IssueVerdict.Park.class,
                                p -> assertThat(p.cause().reason()).isEqualTo(Reason.ACCOUNT_NOT_CONNECTED));
                    } else if (account.get().status() != AccountStatus.HEALTHY) {
                        assertThat(verdict).as(as).isInstanceOfSatisfying(IssueVerdict.Park.class, p -> {
                            assertThat(p.cause().reason()).isEqualTo(Reason.accountUnusable(account.get().status()));
                            assertThat(p.cause().reason().parks()).isTrue();
                            assertThat(p.cause().message()).isEqualTo(account.get().statusReason());
                        });
                    } else if (!reserved && e.sends() > 0) {
                        assertThat(verdict).as(as).isEqualTo(new IssueVerdict.QueryFirst());
                    } else {
                        assertThat(verdict).as(as).isEqualTo(new IssueVerdict.Create());
                    }
                }
            }
        }
    }

    // --- after the query that precedes a repeated create --------------------------------------------------------------

    @Test
    void theQueryAdoptsOnlyAnOrdinaryInvoiceNotReversed() {
        for (String sentWith : List.of(KEY, OTHER_KEY)) {
            LedgerEntry e = entry(LedgerState.SENDING, 1, Optional.empty(), Optional.empty(), Optional.of(sentWith));
            assertThat(IssueVerdict.afterQuery(e, KEY, AgentResult.ok(OURS)))
                    .isEqualTo(new IssueVerdict.Record("E-1", false));
            for (InvoiceData other : List.of(REVERSED, STORNO, PROFORMA)) {
                assertThat(IssueVerdict.afterQuery(e, KEY, AgentResult.ok(other))).as("%s", other)
                        .isInstanceOfSatisfying(IssueVerdict.Fail.class, f -> {
                            assertThat(f.cause().reason()).isEqualTo(Reason.INVOICE_REVERSED_ELSEWHERE);
                            assertThat(f.sendSettled()).as("the earlier create may have made it").isFalse();
                        });
            }
        }
    }

    @Test
    void everyRefusalOfTheQueryHasItsVerdict() {
        for (OutcomeClass outcomeClass : OutcomeClass.values()) {
            for (String sentWith : List.of(KEY, OTHER_KEY)) {
                LedgerEntry e = entry(LedgerState.SENDING, 1, Optional.empty(), Optional.empty(), Optional.of(sentWith));
                IssueVerdict verdict = IssueVerdict.afterQuery(e, KEY, failed(outcomeClass));
                String as = outcomeClass + " sent with " + sentWith;
                switch (outcomeClass) {
                    case NOT_FOUND -> {
                        if (sentWith.equals(KEY)) {
                            assertThat(verdict).as(as).isEqualTo(new IssueVerdict.Create());
                        } else {
                            assertThat(verdict).as(as).isInstanceOfSatisfying(IssueVerdict.Fail.class, f -> {
                                assertThat(f.cause().reason()).isEqualTo(Reason.UNCONFIRMED_UNDER_PREVIOUS_KEY);
                                assertThat(f.cause().message()).contains(PURCHASE);
                                assertThat(f.sendSettled()).isTrue();
                            });
                        }
                    }
                    case ACCOUNT -> assertThat(verdict).as(as).isEqualTo(
                            new IssueVerdict.AccountRefused(AccountStatus.ACCOUNT_BLOCKED, "zárolva", false));
                    case TRANSIENT, UNKNOWN, DATA, DUPLICATE_ORDER -> assertThat(verdict).as(as)
                            .isInstanceOfSatisfying(IssueVerdict.Settle.class,
                                    s -> assertThat(s.cause().reason()).isEqualTo(Reason.QUERY_INCONCLUSIVE));
                }
            }
        }
    }

    // --- the send slot, the create, and the order-number query after a refused duplicate -----------------------------

    @Test
    void theSendSlotGrantsLosesOrSpendsTheBudget() {
        assertThat(IssueVerdict.afterSendSlot(new SendSlot.Granted(2))).isEqualTo(new IssueVerdict.Create());
        assertThat(IssueVerdict.afterSendSlot(new SendSlot.Lost())).isEqualTo(new IssueVerdict.Retry(Reason.CLAIM_LOST));
        assertThat(IssueVerdict.afterSendSlot(new SendSlot.Exhausted(5))).isInstanceOfSatisfying(IssueVerdict.Fail.class,
                f -> {
                    assertThat(f.cause().reason()).isEqualTo(Reason.SEND_BUDGET_EXHAUSTED);
                    assertThat(f.cause().message()).contains("5 times");
                    assertThat(f.sendSettled()).isFalse();
                });
    }

    @Test
    void everyAnswerToTheCreateHasItsVerdict() {
        assertThat(IssueVerdict.afterCreate(AgentResult.ok(created("E-9", "100", "127")), true))
                .isEqualTo(new IssueVerdict.Record("E-9", true));
        for (OutcomeClass outcomeClass : OutcomeClass.values()) {
            AgentResult<IssuedDocument> answer = failed(outcomeClass);
            IssueVerdict verdict = IssueVerdict.afterCreate(answer, false);
            switch (outcomeClass) {
                case ACCOUNT -> assertThat(verdict).isEqualTo(
                        new IssueVerdict.AccountRefused(AccountStatus.ACCOUNT_BLOCKED, "zárolva", true));
                case DUPLICATE_ORDER -> assertThat(verdict).isEqualTo(new IssueVerdict.QueryOrderNumber());
                case DATA, NOT_FOUND -> assertThat(verdict).as("%s", outcomeClass)
                        .isInstanceOfSatisfying(IssueVerdict.Fail.class, f -> {
                            assertThat(f.cause().reason()).isEqualTo(Reason.AGENT_DATA_ERROR);
                            assertThat(f.cause().message()).startsWith(outcomeClass == OutcomeClass.DATA ? "57: " : "7: ");
                            assertThat(f.sendSettled()).as("a refused create made nothing").isTrue();
                        });
                case TRANSIENT -> assertThat(verdict).isInstanceOfSatisfying(IssueVerdict.Settle.class,
                        s -> assertThat(s.cause().reason()).isEqualTo(Reason.AGENT_TRANSIENT));
                case UNKNOWN -> assertThat(verdict).isInstanceOfSatisfying(IssueVerdict.Settle.class,
                        s -> assertThat(s.cause().reason()).isEqualTo(Reason.AGENT_OUTCOME_UNKNOWN));
            }
        }
    }

    @Test
    void everyAccountRefusalCodeNamesItsStatus() {
        int[] codes = {3, 136, 54, 202, 164};
        AccountStatus[] statuses = {AccountStatus.KEY_REJECTED, AccountStatus.ACCOUNT_BLOCKED,
                AccountStatus.EINVOICE_NOT_ALLOWED, AccountStatus.PREFIX_INVALID, AccountStatus.UNKNOWN};
        for (int i = 0; i < codes.length; i++) {
            assertThat(IssueVerdict.afterCreate(AgentResult.failed(AgentError.ofCode(codes[i], "no")), false))
                    .isEqualTo(new IssueVerdict.AccountRefused(statuses[i], "no", true));
        }
    }

    @Test
    void theOrderNumberQueryAdoptsOnlyThisPurchasesInvoiceOfTheSameTotal() {
        BigDecimal ours = new BigDecimal("5990.00");
        assertThat(IssueVerdict.afterOrderQuery(PURCHASE, ours, "HUF", AgentResult.ok(OURS)))
                .as("same order, same gross (scale aside)").isEqualTo(new IssueVerdict.Record("E-1", false));
        assertThat(IssueVerdict.afterOrderQuery(PURCHASE, ours, "HUF", AgentResult.ok(
                document("E-1", InvoiceData.TYPE_INVOICE, PURCHASE, false, Optional.empty()))))
                .as("no total in the answer").isEqualTo(new IssueVerdict.Record("E-1", false));
        assertThat(IssueVerdict.afterOrderQuery(PURCHASE, ours, "HUF", AgentResult.ok(
                document("E-1", InvoiceData.TYPE_INVOICE, PURCHASE, false, Optional.of(new BigDecimal("100"))))))
                .isInstanceOfSatisfying(IssueVerdict.Fail.class, f -> {
                    assertThat(f.cause().reason()).isEqualTo(Reason.ORDER_NUMBER_TAKEN);
                    assertThat(f.cause().message()).contains("invoice E-1 of gross 100 HUF", "this purchase is 5990.00");
                });
        for (InvoiceData other : List.of(REVERSED, STORNO, PROFORMA)) {
            assertThat(IssueVerdict.afterOrderQuery(PURCHASE, ours, "HUF", AgentResult.ok(other))).as("%s", other)
                    .isInstanceOfSatisfying(IssueVerdict.Fail.class,
                            f -> assertThat(f.cause().reason()).isEqualTo(Reason.ORDER_NUMBER_TAKEN));
        }
        assertThat(IssueVerdict.afterOrderQuery(PURCHASE, ours, "HUF", AgentResult.ok(
                document("E-7", InvoiceData.TYPE_INVOICE, "P-other", false, Optional.empty()))))
                .isInstanceOfSatisfying(IssueVerdict.Settle.class,
                        s -> assertThat(s.cause().reason()).isEqualTo(Reason.DUPLICATE_ORDER_UNRESOLVED));
        for (OutcomeClass outcomeClass : OutcomeClass.values()) {
            assertThat(IssueVerdict.afterOrderQuery(PURCHASE, ours, "HUF", failed(outcomeClass))).as("%s", outcomeClass)
                    .isInstanceOfSatisfying(IssueVerdict.Settle.class,
                            s -> assertThat(s.cause().reason()).isEqualTo(Reason.DUPLICATE_ORDER_UNRESOLVED));
        }
    }

    @Test
    void onlyAccountReasonsParkTheMessage() {
        for (AccountStatus status : AccountStatus.values()) {
            if (status != AccountStatus.HEALTHY) {
                assertThat(Reason.accountUnusable(status).parks()).as("%s", status).isTrue();
            }
        }
        assertThat(Reason.KEY_UNREADABLE.parks()).isTrue();
        assertThat(Reason.AWAITING_INVOICE.parks()).isTrue();
        for (Reason retried : List.of(Reason.DEADLINE, Reason.KMS_UNAVAILABLE, Reason.STORNO_TRANSIENT,
                Reason.LOOKUP_INCONCLUSIVE, Reason.AGENT_OUTCOME_UNKNOWN)) {
            assertThat(retried.parks()).as("%s", retried).isFalse();
        }
        assertThat(Reason.of("ACCOUNT_BLOCKED")).contains(Reason.ACCOUNT_BLOCKED);
        assertThat(Reason.of("ACCOUNT_ACCOUNT_BLOCKED")).as("a name this version does not know").isEmpty();
    }

    @Test
    void aHealthyAccountIsUsable() {
        assertThat(IssueVerdict.unusable(Optional.of(account(AccountStatus.HEALTHY)))).isEmpty();
    }
}
