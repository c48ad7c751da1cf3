package hu.autoinvoice.local.agent;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A document the simulator issued (what {@code GET /_sim/documents} lists).
 *
 * @param id          the vendor's internal id ({@code szlahu_id})
 * @param number      the document number, e.g. {@code TIX-2026-1}
 * @param type        {@code SZ} invoice, {@code SS} storno, … ({@code NY} receipt, {@code SN} receipt storno)
 * @param account     hint of the Agent key that issued it (last 4 characters), never the key
 * @param orderNumber {@code rendelesSzam} (a storno inherits its original's), or null
 * @param externalId  {@code szamlaKulsoAzon} as sent on the call that created it, or null
 * @param buyerName   buyer name (null on receipts: they name no buyer)
 * @param net         net total (negative on a storno)
 * @param vat         VAT total
 * @param gross       gross total
 * @param currency    currency as sent ({@code HUF}, {@code Ft}, {@code EUR}, …)
 * @param eInvoice    issued as an e-invoice
 * @param prefix      the number prefix
 * @param issueDate   issue date (today in Europe/Budapest when issued)
 * @param reversedBy  number of the storno that reversed it, or null
 * @param reverses    for a storno: the number of the reversed document, else null
 * @param callId      receipts only: {@code hivasAzonosito} as sent on the call that made it, or null
 */
public record SimDocument(long id, String number, DocumentType type, String account, String orderNumber,
        String externalId, String buyerName, BigDecimal net, BigDecimal vat, BigDecimal gross, String currency,
        boolean eInvoice, String prefix, LocalDate issueDate, String reversedBy, String reverses,
        String callId) {
}
