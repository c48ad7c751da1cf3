package hu.autoinvoice.local.agent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A kept document with everything a query answer needs; the public view is {@link #view()}. {@code createdAt}: the
 * simulator clock's instant when it was made (the replay window).
 */
record StoredDocument(SimDocument view, String agentKey, SimRequest.Create source, String reasonComment,
        BigDecimal outstanding, List<SimRequest.Line> lines, Instant createdAt) {

    StoredDocument withReversedBy(String stornoNumber) {
        SimDocument v = view;
        return new StoredDocument(new SimDocument(v.id(), v.number(), v.type(), v.account(), v.orderNumber(),
                v.externalId(), v.buyerName(), v.net(), v.vat(), v.gross(), v.currency(), v.eInvoice(), v.prefix(),
                v.issueDate(), stornoNumber, v.reverses(), v.callId()), agentKey, source, reasonComment, outstanding, lines,
                createdAt);
    }

    String number() {
        return view.number();
    }
}
