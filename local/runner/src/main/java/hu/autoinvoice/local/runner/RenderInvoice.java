package hu.autoinvoice.local.runner;

import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentRequestRenderer;
import hu.autoinvoice.invoice.DraftResult;
import hu.autoinvoice.invoice.InvoiceCalculator;
import hu.autoinvoice.invoice.InvoiceSettings;
import hu.autoinvoice.invoice.ParseResult;
import hu.autoinvoice.invoice.PurchaseMessages;
import hu.autoinvoice.invoice.PurchasePaid;
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
 */
public final class RenderInvoice {

    /** Obviously not a real key: lowercase, the vendor's 42-character shape. */
    static final AgentKey DUMMY_KEY = AgentKey.of("dummykey0000000000000000000000000000000000");

    private RenderInvoice() {}

    public static void main(String[] args) throws IOException {
        String json = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        System.exit(run(json, args, System.out, System.err));
    }

    static int run(String json, String[] args, PrintStream out, PrintStream err) {
        Optional<String> prefix = Optional.empty();
        boolean eInvoice = false;
        for (String arg : args) {
            if (arg.startsWith("--prefix=")) {
                prefix = Optional.of(arg.substring("--prefix=".length())).filter(p -> !p.isBlank());
            } else if (arg.equals("--e-invoice")) {
                eInvoice = true;
            } else {
                err.println("render-invoice: unknown option " + arg + " (known: --prefix=TIX, --e-invoice)");
                return 64;
            }
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
        DraftResult drafted = InvoiceCalculator.draft(purchase);
        if (drafted instanceof DraftResult.Refused refused) {
            err.println("render-invoice: refused: " + refused.message());
            return 2;
        }
        byte[] xml = new AgentRequestRenderer().createInvoice(DUMMY_KEY, new InvoiceSettings(eInvoice, prefix),
                ((DraftResult.Computed) drafted).draft(), false).xml();
        out.print(new String(xml, StandardCharsets.UTF_8));
        out.println();
        out.flush();
        return 0;
    }
}
