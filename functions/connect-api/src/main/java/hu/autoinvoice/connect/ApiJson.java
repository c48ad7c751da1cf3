package hu.autoinvoice.connect;

import hu.autoinvoice.json.JsonValues;
import hu.autoinvoice.ledger.HistoryEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the connect API (docs/openapi.yaml): status, error, re-issue, invoices. */
final class ApiJson {

    private ApiJson() {
    }

    static String status(ConnectionStatus s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("connected", s.connected());
        json.put("status", s.status().name());
        json.put("statusReason", s.statusReason());
        json.put("statusSince", s.statusSince().toString());
        json.put("keyHint", s.keyHint());
        json.put("eInvoice", s.eInvoice());
        json.put("invoicePrefix", s.invoicePrefix().orElse(null));
        json.put("documentType", s.documentType().apiValue());
        json.put("receiptPrefix", s.receiptPrefix().orElse(null));
        json.put("lastProbeAt", s.lastProbeAt().map(Object::toString).orElse(null));
        Map<String, Object> remediation = new LinkedHashMap<>();
        remediation.put("hu", s.remediation().hu());
        remediation.put("en", s.remediation().en());
        json.put("remediation", remediation);
        json.put("parkedInvoices", s.invoices().parked());
        json.put("invoicesInProgress", s.invoices().inProgress());
        json.put("refundsPending", s.invoices().refundsPending());
        json.put("failedInvoices", s.invoices().failed());
        return JsonValues.toJson(json);
    }

    static String error(ApiError e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", e.code().name());
        json.put("message", e.message());
        json.put("messageHu", e.messageHu());
        if (!e.fields().isEmpty()) {
            List<Map<String, Object>> fields = new ArrayList<>();
            for (FieldError f : e.fields()) {
                Map<String, Object> field = new LinkedHashMap<>();
                field.put("field", f.field());
                field.put("message", f.message());
                field.put("messageHu", f.messageHu());
                fields.add(field);
            }
            json.put("fields", fields);
        }
        e.requestId().ifPresent(id -> json.put("requestId", id));
        return JsonValues.toJson(json);
    }

    /** A page of the invoice listing: {@code invoices} and, unless it is the last page, {@code nextCursor}. */
    static String invoices(InvoiceBrowser.Page page) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("invoices", page.invoices().stream().map(v -> invoiceMap(v, false)).toList());
        page.next().ifPresent(c -> json.put("nextCursor", c.token()));
        return JsonValues.toJson(json);
    }

    /** One purchase: its invoice as paid with what support reads, and {@code chain}, every revision's invoice. */
    static String purchase(InvoiceBrowser.Purchase purchase) {
        Map<String, Object> json = invoiceMap(purchase.invoice(), true);
        json.put("chain", purchase.chain().stream().map(v -> invoiceMap(v, false)).toList());
        return JsonValues.toJson(json);
    }

    /**
     * One revision's document: {@code documentType} says whether {@code invoiceNumber} / {@code stornoNumber} are an
     * invoice's or a receipt's; {@code detail} adds what support reads (the last message, sends, last change, history).
     */
    private static Map<String, Object> invoiceMap(InvoiceView v, boolean detail) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("purchaseId", v.purchaseId());
        json.put("revision", v.revision());
        json.put("documentType", v.documentType().apiValue());
        json.put("state", v.state().name());
        v.invoiceNumber().ifPresent(n -> json.put("invoiceNumber", n));
        v.stornoNumber().ifPresent(n -> json.put("stornoNumber", n));
        v.grossTotal().ifPresent(g -> json.put("grossTotal", g.toPlainString()));
        v.currency().ifPresent(c -> json.put("currency", c));
        v.buyerName().ifPresent(b -> json.put("buyerName", b));
        v.paidAt().ifPresent(t -> json.put("paidAt", t.toString()));
        v.issuedAt().ifPresent(t -> json.put("issuedAt", t.toString()));
        v.reason().ifPresent(r -> json.put("reason", r.name()));
        v.remediation().ifPresent(r -> json.put("remediation", Map.of("hu", r.hu(), "en", r.en())));
        if (detail) {
            v.detail().ifPresent(d -> json.put("detail", d));
            json.put("sends", v.sends());
            json.put("updatedAt", v.updatedAt().toString());
            json.put("history", v.history().stream().map(ApiJson::historyMap).toList());
        }
        return json;
    }

    private static Map<String, Object> historyMap(HistoryEntry step) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", step.at().toString());
        json.put("step", step.step().name());
        step.reason().ifPresent(r -> json.put("reason", r.name()));
        step.document().ifPresent(d -> json.put("document", d));
        return json;
    }

    /** A re-issue's answer: how many were re-enqueued, the account's status and what to do about it. */
    static String reissued(AccountConnector.Reissued reissued) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("requeued", reissued.requeued());
        json.put("status", reissued.status().name());
        Bilingual remediation = ConnectTexts.remediation(reissued.status());
        Map<String, Object> texts = new LinkedHashMap<>();
        texts.put("hu", remediation.hu());
        texts.put("en", remediation.en());
        json.put("remediation", texts);
        return JsonValues.toJson(json);
    }

    /** Fresh mutable headers every answer carries. */
    static Map<String, String> noStore() {
        Map<String, String> headers = new HashMap<>();
        headers.put("cache-control", "no-store");
        return headers;
    }
}
