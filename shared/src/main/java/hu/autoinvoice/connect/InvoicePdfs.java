package hu.autoinvoice.connect;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.account.AgentKeyVault.KeyVaultException;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.IssuedDocument;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.PurchaseHead;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issued invoice's PDF (or its storno's), fetched from Számlázz.hu with the account's key (the Agent's PDF query:
 * one call, nothing stored here). What cannot be fetched is an outcome, not an exception.
 */
public final class InvoicePdfs {

    /**
     * The largest PDF the API returns: a Lambda answer is at most 6 MB and the PDF travels base64 (4/3 larger) in it.
     * A larger one is refused with {@link TooLarge} (the organiser downloads it in Számlázz.hu).
     */
    public static final int MAX_PDF_BYTES = 4_400_000;

    private static final Logger LOG = LoggerFactory.getLogger(InvoicePdfs.class);

    private final InvoiceLedger ledger;
    private final AccountStore accounts;
    private final AgentKeyVault vault;
    private final SzamlaAgentClient agent;

    public InvoicePdfs(InvoiceLedger ledger, AccountStore accounts, AgentKeyVault vault, SzamlaAgentClient agent) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.agent = Objects.requireNonNull(agent, "agent");
    }

    /** Which document of the purchase. */
    public enum Document { INVOICE, STORNO }

    /** What became of a PDF request. */
    public sealed interface Outcome {
    }

    /** The PDF, named after its document number. */
    public record Pdf(String documentNumber, byte[] bytes) implements Outcome {
        public String fileName() {
            return documentNumber.replaceAll("[^A-Za-z0-9._-]", "_") + ".pdf";
        }
    }

    /** The ledger has no such document for the purchase (no item, no invoice yet, or no storno). */
    public record NoDocument() implements Outcome {
    }

    /** No Számlázz.hu account is connected. */
    public record NotConnected() implements Outcome {
    }

    /** The account cannot be used now (blocked, key revoked, …): what the organiser must do is its remediation. */
    public record AccountUnusable(AccountStatus status) implements Outcome {
    }

    /** Számlázz.hu (or KMS) did not answer now, or answered without a PDF. */
    public record Unavailable() implements Outcome {
    }

    /** The PDF is larger than {@link #MAX_PDF_BYTES}. */
    public record TooLarge(int bytes) implements Outcome {
    }

    /** The PDF of {@code document} of revision {@code revision} of {@code accountId}'s purchase (0: as paid). */
    public Outcome fetch(String accountId, String purchaseId, long revision, Document document) {
        Optional<String> number = ledger.find(accountId, PurchaseHead.itemId(purchaseId, revision))
                .flatMap(document == Document.STORNO ? LedgerEntry::stornoNumber : LedgerEntry::invoiceNumber);
        if (number.isEmpty()) {
            return new NoDocument();
        }
        Optional<Account> account = accounts.find(accountId);
        if (account.isEmpty()) {
            return new NotConnected();
        }
        if (!account.get().isHealthy()) {
            return new AccountUnusable(account.get().status());
        }
        try {
            var key = vault.decrypt(accountId, account.get().encryptedKey());
            return switch (agent.invoicePdf(key, number.get())) {
                case AgentResult.Ok<IssuedDocument> ok -> ok.value().pdf()
                        .<Outcome>map(pdf -> pdf.length > MAX_PDF_BYTES ? new TooLarge(pdf.length) : new Pdf(number.get(), pdf))
                        .orElseGet(Unavailable::new);
                case AgentResult.Failed<IssuedDocument> f -> switch (f.error().outcomeClass()) {
                    case ACCOUNT -> new AccountUnusable(AccountStatus.of(f.error()));
                    case NOT_FOUND, DATA -> new NoDocument();
                    case TRANSIENT, UNKNOWN, DUPLICATE_ORDER -> new Unavailable();
                };
            };
        } catch (KeyVaultException e) {
            LOG.warn("PDF of {} for account {}: {}", number.get(), accountId, e.getMessage());
            return new Unavailable();
        }
    }
}
