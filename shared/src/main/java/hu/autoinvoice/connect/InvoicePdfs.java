package hu.autoinvoice.connect;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.account.AgentKeyVault.KeyVaultException;
import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.IssuedDocument;
import hu.autoinvoice.agent.IssuedReceipt;
import hu.autoinvoice.agent.ReceiptSelector;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.PurchaseHead;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issued invoice's PDF (or its storno's), fetched from Számlázz.hu with the account's key (the Agent's PDF query:
 * one call, nothing stored here). For an item issued as a receipt ({@link LedgerEntry#documentType()}) the receipt's
 * (or its storno's) PDF comes from the receipt get ({@code xmlnyugtaget} by number, with the PDF). What cannot be
 * fetched is an outcome, not an exception.
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

    /** Which document of the purchase: the one issued (an invoice or a receipt), or its storno. */
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

    /**
     * The PDF of {@code document} of revision {@code revision} of {@code accountId}'s purchase (0: as paid): the
     * invoice's (or storno's) from the invoice PDF query, or, for a receipt item, the receipt's (or its storno's) from
     * the receipt get.
     */
    public Outcome fetch(String accountId, String purchaseId, long revision, Document document) {
        Optional<LedgerEntry> entry = ledger.find(accountId, PurchaseHead.itemId(purchaseId, revision));
        Optional<String> number = entry
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
            AgentKey key = vault.decrypt(accountId, account.get().encryptedKey());
            return entry.get().documentType() == DocumentType.RECEIPT
                    ? receiptPdf(key, number.get()) : invoicePdf(key, number.get());
        } catch (KeyVaultException e) {
            LOG.warn("PDF of {} for account {}: {}", number.get(), accountId, e.getMessage());
            return new Unavailable();
        }
    }

    private Outcome invoicePdf(AgentKey key, String number) {
        return switch (agent.invoicePdf(key, number)) {
            case AgentResult.Ok<IssuedDocument> ok -> pdf(number, ok.value().pdf());
            case AgentResult.Failed<IssuedDocument> f -> failed(f.error());
        };
    }

    /** A receipt's or a receipt storno's PDF: the receipt get by number ({@code xmlnyugtaget}, {@code pdfLetoltes}). */
    private Outcome receiptPdf(AgentKey key, String number) {
        return switch (agent.receipt(key, new ReceiptSelector.ByNumber(number), true)) {
            case AgentResult.Ok<IssuedReceipt> ok -> pdf(number, ok.value().pdf());
            case AgentResult.Failed<IssuedReceipt> f -> failed(f.error());
        };
    }

    private static Outcome pdf(String number, Optional<byte[]> pdf) {
        return pdf.<Outcome>map(bytes -> bytes.length > MAX_PDF_BYTES ? new TooLarge(bytes.length) : new Pdf(number, bytes))
                .orElseGet(Unavailable::new);
    }

    private static Outcome failed(AgentError error) {
        return switch (error.outcomeClass()) {
            case ACCOUNT -> new AccountUnusable(AccountStatus.of(error));
            case NOT_FOUND, DATA -> new NoDocument();
            case TRANSIENT, UNKNOWN, DUPLICATE_ORDER -> new Unavailable();
        };
    }
}
