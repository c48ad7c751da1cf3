package hu.autoinvoice.local.agent;

import java.util.Map;

/**
 * Counters since start or the last reset ({@code GET /_sim/stats}).
 *
 * @param creates         documents created by {@code action-xmlagentxmlfile}
 * @param replays         creates answered with an existing document (an equivalent re-send under a taken order
 *                        number); nothing created
 * @param queries         answered query requests (XML and PDF queries, found or not)
 * @param stornos         storno documents created (an idempotent repeat creates none)
 * @param previews        preview PDFs ({@code elonezetpdf=true}) produced
 * @param pdfs            PDFs returned by queries (PDF query, or XML query with {@code pdf=true})
 * @param rejections      error answers by vendor error code (faults included: code 1)
 * @param lostReplies     requests whose reply was dropped on purpose
 * @param transientFaults requests answered with an injected code 1
 * @param downFaults      requests answered with an injected {@code szlahu_down}
 * @param dataErrorFaults creates answered with an injected data error (code 57; counted in {@code rejections} too)
 * @param receipts        receipts ({@code NY}) created by {@code action-szamla_agent_nyugta_create}
 * @param receiptStornos  receipt stornos ({@code SN}) created (a repeat answering the existing one creates none)
 * @param receiptQueries  answered receipt gets (found or not)
 * @param receiptEmails   receipt e-mails recorded as sent
 */
public record SimStats(long creates, long replays, long queries, long stornos, long previews, long pdfs,
        Map<Integer, Long> rejections, long lostReplies, long transientFaults, long downFaults, long dataErrorFaults,
        long receipts, long receiptStornos, long receiptQueries, long receiptEmails) {

    public SimStats {
        rejections = Map.copyOf(rejections);
    }
}
