package hu.autoinvoice.issuer;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.EncryptedAgentKey;
import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.InvoiceData;
import hu.autoinvoice.agent.IssuedDocument;
import hu.autoinvoice.agent.OutcomeClass;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Values for the verdict tests: ledger items, accounts and every kind of Agent answer, without I/O. */
final class VerdictFixtures {

    static final String ACCOUNT = "org-42";
    static final String PURCHASE = "P-1";
    static final String KEY = "fp-connected";
    static final String OTHER_KEY = "fp-previous";
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private VerdictFixtures() {
    }

    static LedgerEntry entry(LedgerState state, int sends, Optional<String> invoice, Optional<String> refund,
            Optional<String> keyFingerprint) {
        return new LedgerEntry(ACCOUNT, PURCHASE, state, "ai:" + ACCOUNT + ":" + PURCHASE, sends, Optional.empty(),
                Optional.of("token-1"), invoice, invoice.map(n -> false), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("{purchase}"), refund, 3, T0, keyFingerprint, Optional.of(T0),
                invoice.map(n -> T0), java.util.List.of(), java.util.List.of());
    }

    /** As {@link #entry}, marked by amendment {@code byRevision} (query only) and with the given lease. */
    static LedgerEntry marked(LedgerState state, int sends, Optional<String> keyFingerprint, long byRevision,
            Optional<Instant> leaseUntil) {
        LedgerEntry e = entry(state, sends, Optional.empty(), Optional.of("{amendment}"), keyFingerprint);
        return new LedgerEntry(e.accountId(), e.purchaseId(), e.state(), e.externalId(), e.sends(), leaseUntil,
                e.fencingToken(), e.invoiceNumber(), e.eInvoice(), e.stornoNumber(), e.reason(), e.lastError(),
                e.messageBody(), e.refundBody(), e.revision(), e.updatedAt(), e.keyFingerprint(), e.paidAt(),
                e.issuedAt(), e.history(), e.outbox(), Optional.of(byRevision), e.documentType());
    }

    static Account account(AccountStatus status) {
        return new Account(ACCOUNT, EncryptedAgentKey.of(new byte[] {1, 2, 3}), "…wxyz", KEY, false, Optional.empty(),
                status, status == AccountStatus.HEALTHY ? "" : "refused: " + status, T0, Optional.empty(), T0,
                Optional.empty(), 1);
    }

    /** No account, then one in every status. */
    static List<Optional<Account>> everyAccount() {
        List<Optional<Account>> all = new ArrayList<>();
        all.add(Optional.empty());
        for (AccountStatus status : AccountStatus.values()) {
            all.add(Optional.of(account(status)));
        }
        return all;
    }

    static InvoiceData document(String number, String type, String orderNumber, boolean reversed,
            Optional<BigDecimal> gross) {
        return new InvoiceData(number, type, Optional.of(orderNumber), false, reversed, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("HUF"), Optional.empty(), Optional.empty(), gross,
                Optional.empty(), Optional.empty());
    }

    static IssuedDocument created(String number, String net, String gross) {
        return new IssuedDocument(number, Optional.of(new BigDecimal(net)), Optional.of(new BigDecimal(gross)),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty());
    }

    /** One refusal per outcome class (the account one with code 136, so its status is known). */
    static AgentError refusal(OutcomeClass outcomeClass) {
        return switch (outcomeClass) {
            case TRANSIENT -> AgentError.ofCode(1, "karbantartás");
            case ACCOUNT -> AgentError.ofCode(136, "zárolva");
            case DATA -> AgentError.ofCode(57, "XML beolvasási hiba");
            case DUPLICATE_ORDER -> AgentError.ofCode(152, "Már létező rendelésszám");
            case NOT_FOUND -> AgentError.ofCode(7, "Hiányzó adat");
            case UNKNOWN -> AgentError.of(OutcomeClass.UNKNOWN, "connection reset after sending");
        };
    }

    static <T> AgentResult<T> failed(OutcomeClass outcomeClass) {
        return AgentResult.failed(refusal(outcomeClass));
    }
}
