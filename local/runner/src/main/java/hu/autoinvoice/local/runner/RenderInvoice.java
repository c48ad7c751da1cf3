package hu.autoinvoice.local.runner;

import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentRequestRenderer;
import hu.autoinvoice.invoice.BuyerType;
import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.invoice.DraftResult;
import hu.autoinvoice.invoice.InvoiceCalculator;
import hu.autoinvoice.invoice.InvoiceDraft;
import hu.autoinvoice.invoice.InvoiceSettings;
import hu.autoinvoice.invoice.ParseResult;
import hu.autoinvoice.invoice.PurchaseMessages;
import hu.autoinvoice.invoice.PurchasePaid;
import hu.autoinvoice.invoice.ReceiptDraft;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code make -s render-invoice < purchase.json}: reads one purchase message (the contract in {@code events/schema/})
 * on stdin and prints only the {@code xmlszamla} request XML it would send, with a dummy Agent key. A message it
 * refuses gives one clear line on stderr and exit status 2.
 *
 * <p>Options: {@code --prefix=TIX} (the account's invoice number prefix), {@code --e-invoice} (issue e-invoices).
 * {@code --receipt} prints the {@code xmlnyugtacreate} request instead — the e-receipt an account that chose receipts
 * issues to a private buyer: the invoice the calculator computes, made a receipt ({@link ReceiptDraft#of}) under the
 * call id of the message's account and purchase; then {@code --prefix=NYGT} is the receipt prefix (default
 * {@value #DEFAULT_RECEIPT_PREFIX}). A company buyer always gets an invoice, so {@code --receipt} refuses one.
 */
public final class RenderInvoice {

    /** Obviously not a real key: lowercase, the vendor's 42-character shape. */
    static final AgentKey DUMMY_KEY = AgentKey.of("dummykey0000000000000000000000000000000000");

    /** The receipt prefix {@code --receipt} uses without {@code --prefix}. */
    static final String DEFAULT_RECEIPT_PREFIX = "NYGT";

    private static final String USAGE = "(known: --prefix=TIX, --e-invoice, --receipt [--prefix=NYGT])";

    private RenderInvoice() {}

    public static void main(String[] args) throws IOException {
        String json = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        System.exit(run(json, args, System.out, System.err));
    }

    static int run(String json, String[] args, PrintStream out, PrintStream err) {
        Optional<String> prefix = Optional.empty();
        boolean eInvoice = false;
        boolean receipt = false;
        for (String arg : args) {
            if (arg.startsWith("--prefix=")) {
                prefix = Optional.of(arg.substring("--prefix=".length())).filter(p -> !p.isBlank());
            } else if (arg.equals("--e-invoice")) {
                eInvoice = true;
            } else if (arg.equals("--receipt")) {
                receipt = true;
            } else {
                err.println("render-invoice: unknown option " + arg + " " + USAGE);
                return 64;
            }
        }
        if (receipt && eInvoice) {
            err.println("render-invoice: --receipt and --e-invoice do not go together (a receipt is never an e-invoice)");
            return 64;
        }
        String receiptPrefix = prefix.orElse(DEFAULT_RECEIPT_PREFIX);
        if (receipt && !ReceiptDraft.PREFIX.matcher(receiptPrefix).matches()) {
            err.println("render-invoice: --prefix: a receipt prefix is upper-case letters and digits only, such as "
                    + DEFAULT_RECEIPT_PREFIX);
            return 64;
        }
        if (json.isBlank()) {
            err.println("render-invoice: no purchase message on stdin (usage: make -s render-invoice < purchase.json)");
            return 2;
        }
        ParseResult parsed = PurchaseMessages.parse(json);
        if (parsed instanceof ParseResult.Invalid invalid) {
            err.println("render-invoice: refused: " + invalid.message());
            return 2;
        }
        if (!(((ParseResult.Valid) parsed).message() instanceof PurchasePaid purchase)) {
            err.println("render-invoice: refused: type: only purchase.paid messages become invoices"
                    + " (a purchase.refunded message reverses an issued one)");
            return 2;
        }
        if (receipt && purchase.buyer().type() != BuyerType.PERSON) {
            err.println("render-invoice: refused: buyer.type: a company buyer always gets an invoice, never a receipt"
                    + " (render it without --receipt)");
            return 2;
        }
        DraftResult drafted = InvoiceCalculator.draft(purchase);
        if (drafted instanceof DraftResult.Refused refused) {
            err.println("render-invoice: refused: " + refused.message());
            return 2;
        }
        InvoiceDraft draft = ((DraftResult.Computed) drafted).draft();
        AgentRequestRenderer renderer = new AgentRequestRenderer();
        byte[] xml = receipt
                ? renderer.createReceipt(DUMMY_KEY, ReceiptDraft.of(draft, receiptPrefix,
                        CallId.of(purchase.accountId(), purchase.purchaseId()))).xml()
                : renderer.createInvoice(DUMMY_KEY, new InvoiceSettings(eInvoice, prefix), draft, false).xml();
        out.print(new String(xml, StandardCharsets.UTF_8));
        out.println();
        out.flush();
        return 0;
    }
}
