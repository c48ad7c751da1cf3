package hu.autoinvoice.local.agent;

import java.math.BigDecimal;
import java.util.List;

/**
 * A kept receipt ({@code NY}) or receipt storno ({@code SN}) with everything an {@code xmlnyugtavalasz} answer needs;
 * the public view is {@link #view()} (type, number, totals, call id, storno links).
 */
record StoredReceipt(SimDocument view, String agentKey, String paymentMethod, BigDecimal exchangeRate,
        String exchangeBank, String comment, List<SimRequest.Line> lines, List<SimRequest.Payment> payments) {

    StoredReceipt {
        lines = List.copyOf(lines);
        payments = List.copyOf(payments);
    }

    StoredReceipt withReversedBy(String stornoNumber) {
        SimDocument v = view;
        return new StoredReceipt(new SimDocument(v.id(), v.number(), v.type(), v.account(), v.orderNumber(),
                v.externalId(), v.buyerName(), v.net(), v.vat(), v.gross(), v.currency(), v.eInvoice(), v.prefix(),
                v.issueDate(), stornoNumber, v.reverses(), v.callId()), agentKey, paymentMethod, exchangeRate,
                exchangeBank, comment, lines, payments);
    }
}
