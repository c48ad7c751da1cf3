package hu.autoinvoice.ledger;

import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.invoice.DocumentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The invoices ledger on DynamoDB: what makes issuing exactly-once. Single-item conditional writes only (dynalite has
 * no transactions). A claimant takes an item with {@link #claim} (a lease and a fresh fencing token); every later
 * write of that claimant is conditional on its token and {@code SENDING}, so a claimant whose lease expired and was
 * taken over cannot overwrite the new owner's result. {@link #recordSend} increments {@code sends} before each create
 * call and refuses beyond {@link #MAX_SENDS}: the vendor's "at most five sends of one request" rule holds forever,
 * across redrives and re-enqueues.
 */
public final class InvoiceLedger {

    /** Most create calls ever made for one purchase (Számla Agent rule, research §5.5). */
    public static final int MAX_SENDS = 5;

    static final String STATE = Tables.STATE;
    static final String EXTERNAL_ID = "externalId";
    static final String SENDS = "sends";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String TOKEN = "fencingToken";
    static final String INVOICE_NUMBER = "invoiceNumber";
    static final String E_INVOICE = "eInvoice";
    static final String STORNO_NUMBER = "stornoNumber";
    static final String REASON = "reason";
    static final String LAST_ERROR = "lastError";
    static final String MESSAGE_BODY = "messageBody";
    static final String REFUND_BODY = "refundBody";
    static final String REVISION = "revision";
    static final String UPDATED_AT = "updatedAt";
    static final String KEY_FINGERPRINT = "keyFingerprint";
    static final String PAID_AT = Tables.PAID_AT;
    static final String ISSUED_AT = "issuedAt";
    static final String HISTORY = "history";
    static final String OUTBOX = "outbox";
    static final String ANNOUNCED = "announced";
    static final String OUTBOX_AT = Tables.OUTBOX_AT;
    static final String SUPERSEDED_BY = "supersededBy";
    static final String NEWEST = "newestRevision";
    static final String NEWEST_BODY = "newestBody";
    static final String REFUNDED = "refunded";
    static final String HEAD_LEASE = "headLeaseUntil";
    /** The {@link RequeueMark}: when the last re-queued copy went, how many went since the item was last taken up. */
    static final String DOCUMENT_TYPE = "documentType";
    static final String REQUEUED_AT = "requeuedAt";
    static final String REQUEUES = "requeues";
    /** Removes the {@link RequeueMark}: the writes that take an item up end with it (the copy in flight was consumed). */
    private static final String CLEAR_REQUEUE_MARK = " REMOVE #rqAt, #rqN";

    /** Steps an item's history keeps (the oldest go first): a park-and-recover loop must not grow an item forever. */
    public static final int HISTORY_LIMIT = 50;

    private static final int MAX_ERROR_LENGTH = 500;

    private final DynamoDbClient dynamo;
    private final String table;

    public InvoiceLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** The item, read consistently. */
    public Optional<LedgerEntry> find(String accountId, String purchaseId) {
        var response = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(accountId, purchaseId)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(fromItem(response.item())) : Optional.empty();
    }

    /** Most index queries one page may take when a state filter skips items (then the page may be short). */
    static final int MAX_QUERIES_PER_PAGE = 10;

    /**
     * One page of {@code accountId}'s items, newest paid first, on the listing index ({@link Tables#INVOICES_BY_PAID_DATE_INDEX}):
     * without a state filter one Query of {@code limit} items; with one, the index pages are filtered by state (at most
     * {@value #MAX_QUERIES_PER_PAGE} queries, then a shorter page with a cursor). Never a scan.
     */
    public LedgerPage list(String accountId, LedgerQuery query) {
        Values v = new Values().put(":a", s(accountId));
        StringBuilder keyCondition = new StringBuilder("#pk = :a");
        if (query.paidFrom().isPresent() && query.paidTo().isPresent()) {
            keyCondition.append(" AND #paid BETWEEN :from AND :to");
        } else if (query.paidFrom().isPresent()) {
            keyCondition.append(" AND #paid >= :from");
        } else if (query.paidTo().isPresent()) {
            keyCondition.append(" AND #paid <= :to");
        }
        query.paidFrom().ifPresent(from -> v.put(":from", s(Tables.sortable(from))));
        query.paidTo().ifPresent(to -> v.put(":to", s(Tables.sortable(to))));
        Map<String, String> names = new HashMap<>(Map.of("#pk", Tables.ACCOUNT_ID));
        if (query.paidFrom().isPresent() || query.paidTo().isPresent()) {
            names.put("#paid", PAID_AT);
        }
        String filter = null;
        if (!query.states().isEmpty()) {
            List<String> placeholders = new ArrayList<>();
            int i = 0;
            for (LedgerState state : query.states().stream().sorted().toList()) {
                placeholders.add(":s" + i);
                v.put(":s" + i++, s(state.name()));
            }
            filter = "#state IN (" + String.join(", ", placeholders) + ")";
            names.put("#state", STATE);
        }
        List<LedgerEntry> items = new ArrayList<>();
        Map<String, AttributeValue> start = query.after().map(LedgerCursor::key).orElse(null);
        for (int queries = 0; queries < MAX_QUERIES_PER_PAGE && items.size() < query.limit(); queries++) {
            int wanted = query.limit() - items.size();
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table)
                    .indexName(Tables.INVOICES_BY_PAID_DATE_INDEX).scanIndexForward(false)
                    .keyConditionExpression(keyCondition.toString()).filterExpression(filter)
                    .expressionAttributeNames(names).expressionAttributeValues(v.map)
                    // one more than wanted: a page that ends the listing says so (no cursor to an empty page)
                    .limit(filter == null ? wanted + 1 : Math.max(wanted + 1, MAX_LIST_READ)).exclusiveStartKey(start)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                if (items.size() == query.limit()) {
                    // more matched than fit: the next page starts after the last one returned
                    return new LedgerPage(items, Optional.of(cursorAfter(items.getLast())));
                }
                items.add(fromItem(item));
            }
            if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                return new LedgerPage(items, Optional.empty());
            }
            start = page.lastEvaluatedKey();
        }
        return new LedgerPage(items, Optional.of(LedgerCursor.of(start)));
    }

    /** Items a filtered listing reads per query (DynamoDB's limit counts items before the filter). */
    private static final int MAX_LIST_READ = 200;

    private static LedgerCursor cursorAfter(LedgerEntry last) {
        return new LedgerCursor(last.accountId(), last.purchaseId(), Tables.sortable(last.paidAt().orElseThrow()));
    }

    /**
     * Claims the item for sending: absent, {@code PARKED}, {@code FAILED} or {@code SENDING} with an expired lease →
     * {@code SENDING} with {@code leaseUntil = now + lease} and a fresh fencing token (compare-and-set on the revision
     * read). An item with an invoice is never claimed. The send budget is not checked here: an exhausted item may
     * still be claimed to query for its invoice, {@link #recordSend} refuses the create.
     *
     * <p>With {@code reserveFirstSend}, a claim that creates the item also counts the first create call
     * ({@code sends = 1}, {@link Claim.Claimed#firstSendReserved()}): on the happy path the issuer then writes the
     * ledger twice per invoice (claim, issue) instead of three times. Only callers that will send right away (account
     * healthy, key decrypted) may ask for it: the count must never fall behind the creates actually sent.
     *
     * <p>The claim takes the item up: it removes the item's {@link RequeueMark} in the same write (a re-enqueued copy
     * was consumed; the next requeue may send again).
     *
     * <p>The stored body: an item that never had a create sent takes this message's body (a corrected re-send before
     * any create is applied); once a create was sent (or an invoice exists) the first body stays, since the vendor may
     * hold that invoice, and a message with other content gets {@link Claim.Changed} without any write.
     *
     * @param purchase the purchase, its body and paid time (written on every claim: a refund-first item gets the
     *     real paid time here)
     * @param reserveFirstSendWith present (the fingerprint of the Agent key the create will use) to reserve the first
     *     create when the claim creates the item
     * @param lease how long the claim blocks other claimants
     * @param sendLease the lease when the claim also reserves a create: the call plus the settle time after it, so a
     *     claimant that dies during the call leaves the item alone as long as an observed timeout would
     */
    public Claim claim(PurchaseClaim purchase, Instant now, Duration lease, Duration sendLease,
            Optional<String> reserveFirstSendWith) {
        String accountId = purchase.accountId();
        String purchaseId = purchase.purchaseId();
        Predicate<String> samePurchase = purchase.samePurchase();
        boolean reserveFirstSend = reserveFirstSendWith.isPresent();
        // Optimistic first attempt: almost every purchase is new, so try "create if absent" without reading first
        // (one write instead of a read and a write per invoice); an existing item fails the condition and is read.
        Optional<LedgerEntry> current = Optional.empty();
        for (int attempt = 0; attempt < 4; attempt++) {
            if (current.isPresent()) {
                LedgerEntry entry = current.get();
                if (entry.state() == LedgerState.SUPERSEDED) {
                    // an amendment replaced this revision: its message is acknowledged, nothing is ever created
                    return new Claim.HasInvoice(entry);
                }
                boolean fixed = entry.sends() > 0 || entry.hasInvoice();
                if (fixed && entry.messageBody().filter(stored -> !samePurchase.test(stored)).isPresent()
                        && !entry.refundPending()) {
                    return new Claim.Changed(entry);
                }
                if (entry.hasInvoice() || entry.state() == LedgerState.ISSUED || entry.state() == LedgerState.REVERSED) {
                    return new Claim.HasInvoice(entry);
                }
                if (entry.leaseLive(now)) {
                    return new Claim.Busy(entry);
                }
            }
            String token = UUID.randomUUID().toString();
            Values v = new Values()
                    .put(":sending", s(LedgerState.SENDING.name())).put(":ext", s(purchase.externalId()))
                    .put(":paid", s(Tables.sortable(purchase.paidAt())))
                    .put(":lease", s(now.plus(lease).toString())).put(":token", s(token)).put(":now", s(now.toString()))
                    .put(":body", s(purchase.messageBody())).put(":one", n(1));
            String condition;
            boolean reserving = reserveFirstSend && current.isEmpty();
            if (reserving) {
                v.put(":lease", s(now.plus(sendLease).toString())).put(":keyfp", s(reserveFirstSendWith.get()));
            } else {
                v.put(":zero", n(0));
            }
            boolean neverSent = current.map(e -> e.sends() == 0 && !e.hasInvoice()).orElse(true);
            if (neverSent) {
                // what a create would make now; once a create was sent the item keeps that create's kind
                v.put(":doc", s(purchase.documentType().apiValue()));
            }
            v.history(reserving
                    ? List.of(HistoryEntry.of(now, LedgerStep.CLAIMED), HistoryEntry.of(now, LedgerStep.CREATE_SENT))
                    : List.of(HistoryEntry.of(now, LedgerStep.CLAIMED)));
            if (current.isPresent()) {
                condition = "#rev = :rev";
                v.put(":rev", n(current.get().revision()));
            } else {
                condition = "attribute_not_exists(#pk)";
            }
            try {
                UpdateItemResponse r = updateItem(accountId, purchaseId, update(accountId, purchaseId,
                        "SET #state = :sending, #ext = :ext, #paid = :paid, #lease = :lease, #token = :token, #updated = :now, "
                                + APPEND_HISTORY + ", " + (neverSent ? "#body = :body, #doc = :doc" : "#body = if_not_exists(#body, :body)") + ", #sends = "
                                + (reserving ? ":one, #keyfp = :keyfp" : "if_not_exists(#sends, :zero)") + " ADD #rev :one"
                                + CLEAR_REQUEUE_MARK,
                        condition, v));
                return new Claim.Claimed(written(r.attributes()), reserving);
            } catch (ConditionalCheckFailedException raced) {
                current = find(accountId, purchaseId);
            }
        }
        return current.<Claim>map(Claim.Busy::new).orElseThrow(() -> new IllegalStateException("ledger item vanished"));
    }

    /**
     * Counts a create call about to be made (before making it), extends the lease to cover it and records the
     * fingerprint of the key it is sent with (its outcome may be unknown later: then only a query in that key's
     * Számlázz.hu account can settle it). Conditional on our token, {@code SENDING}, and {@code sends < MAX_SENDS}.
     */
    public SendSlot recordSend(ClaimedItem item, Instant now, Duration lease, String keyFingerprint) {
        return recordSend(item, now, lease, keyFingerprint, DocumentType.INVOICE);
    }

    /**
     * As above, for a create of {@code documentType}: the first counted create fixes the item's kind (a later one
     * keeps it — the issuer sends what the item already is).
     */
    public SendSlot recordSend(ClaimedItem item, Instant now, Duration lease, String keyFingerprint,
            DocumentType documentType) {
        String accountId = item.accountId();
        String purchaseId = item.purchaseId();
        String token = item.token();
        Values v = fenced(token).put(":lease", s(now.plus(lease).toString())).put(":now", s(now.toString()))
                .put(":one", n(1)).put(":max", n(MAX_SENDS)).put(":keyfp", s(keyFingerprint))
                .put(":doc", s(documentType.apiValue()))
                .history(List.of(HistoryEntry.of(now, LedgerStep.CREATE_SENT)));
        try {
            UpdateItemResponse r = dynamo.updateItem(update(accountId, purchaseId,
                    "SET #lease = :lease, #updated = :now, #keyfp = :keyfp, #doc = if_not_exists(#doc, :doc), " + APPEND_HISTORY
                            + " ADD #sends :one, #rev :one",
                    // a revision an amendment marked is only queried, never created again
                    FENCE + " AND #sends < :max AND attribute_not_exists(#supBy)", v).build());
            return new SendSlot.Granted(written(r.attributes()).sends());
        } catch (ConditionalCheckFailedException refused) {
            Optional<LedgerEntry> now2 = find(accountId, purchaseId);
            if (now2.isPresent() && now2.get().supersededBy().isEmpty() && now2.get().state() == LedgerState.SENDING
                    && now2.get().fencingToken().equals(Optional.of(token))) {
                return new SendSlot.Exhausted(now2.get().sends());
            }
            return new SendSlot.Lost();
        }
    }

    /**
     * {@code SENDING} (ours) → {@code ISSUED}, or → {@code REFUND_PENDING} when a refund was recorded meanwhile (the
     * caller then reverses at once). One write on the usual path; a second only when the first met a refund.
     * {@code keyFingerprint} names the key whose Számlázz.hu account holds the invoice (a storno must go there).
     * Its {@code invoice.issued} goes into the outbox, to be relayed. Returns the item as written, empty if the claim
     * was lost.
     */
    public Optional<LedgerEntry> issue(ClaimedItem item, String invoiceNumber, boolean eInvoice, String keyFingerprint,
            Instant now) {
        return issue(item, invoiceNumber, eInvoice, keyFingerprint,
                PendingOutcome.issued(item.accountId(), item.purchaseId(), invoiceNumber, now), false);
    }

    /**
     * {@link #issue(ClaimedItem, String, boolean, String, Instant)} with its event {@code issued} (its time is the
     * write's). {@code published}: the bus already accepted it (published right before this write), so it is only
     * recorded as announced and the outbox is not touched — one write fewer on the usual path; else it goes into the
     * outbox.
     */
    public Optional<LedgerEntry> issue(ClaimedItem item, String invoiceNumber, boolean eInvoice, String keyFingerprint,
            PendingOutcome issued, boolean published) {
        Instant now = issued.at();
        for (LedgerState state : List.of(LedgerState.ISSUED, LedgerState.REFUND_PENDING)) {
            boolean refund = state == LedgerState.REFUND_PENDING;
            String placeholder = refund ? ":pending" : ":issued";
            Values v = fenced(item.token()).put(placeholder, s(state.name())).put(":number", s(invoiceNumber))
                    .put(":e", AttributeValue.fromBool(eInvoice)).put(":now", s(now.toString())).put(":one", n(1))
                    .put(":keyfp", s(keyFingerprint))
                    .history(List.of(HistoryEntry.of(now, LedgerStep.ISSUED, invoiceNumber)));
            if (published) {
                v.put(":ann", s(issued.announcement()));
            } else {
                v.announce(issued, now);
            }
            Optional<LedgerEntry> written = write(update(item.accountId(), item.purchaseId(),
                    "SET #state = " + placeholder + ", #number = :number, #einv = :e, #keyfp = :keyfp, #updated = :now, "
                            + "#issued = :now, " + APPEND_HISTORY + ", "
                            + (published ? "#ann = :ann ADD #rev :one" : ANNOUNCE_SET + " ADD #rev :one, " + ANNOUNCE_ADD)
                            + " REMOVE #lease, #reason, #error",
                    FENCE + (refund ? " AND attribute_exists(#refund)" : " AND attribute_not_exists(#refund)"), v));
            if (written.isPresent()) {
                return written;
            }
        }
        return Optional.empty();
    }

    /** Keeps {@code SENDING} (outcome unknown) and sets the lease to {@code leaseUntil}: nobody retries before it. */
    public Optional<LedgerEntry> release(ClaimedItem item, Instant leaseUntil, Cause cause, Instant now) {
        Values v = fenced(item.token()).put(":lease", s(leaseUntil.toString())).put(":reason", s(cause.reason().name()))
                .put(":error", s(shorten(cause.message()))).put(":now", s(now.toString())).put(":one", n(1))
                .history(List.of(HistoryEntry.of(now, LedgerStep.RELEASED, cause.reason())));
        return write(update(item.accountId(), item.purchaseId(),
                "SET #lease = :lease, #reason = :reason, #error = :error, #updated = :now, " + APPEND_HISTORY
                        + " ADD #rev :one", FENCE, v));
    }

    /** {@code SENDING} (ours) → {@code PARKED} with the reason (account not usable). */
    public Optional<LedgerEntry> park(ClaimedItem item, Cause cause, Instant now) {
        return settle(item, LedgerState.PARKED, cause, now, false);
    }

    /**
     * {@code SENDING} (ours) → {@code PARKED} after the account refused the create: nothing was created by it, so the
     * send is settled and its key fingerprint removed (a later create under another key is no duplicate).
     */
    public Optional<LedgerEntry> parkRefused(ClaimedItem item, Cause cause, Instant now) {
        return settle(item, LedgerState.PARKED, cause, now, true);
    }

    /** {@code SENDING} (ours) → {@code FAILED} after a create was refused for good: nothing was created by it (as above). */
    public Optional<LedgerEntry> failRefused(ClaimedItem item, Cause cause, Instant now) {
        return settle(item, LedgerState.FAILED, cause, now, true);
    }

    /** {@code SENDING} (ours) → {@code FAILED} with the reason (data refused, send budget spent). */
    public Optional<LedgerEntry> fail(ClaimedItem item, Cause cause, Instant now) {
        return settle(item, LedgerState.FAILED, cause, now, false);
    }

    /**
     * The storno of a {@code REFUND_PENDING} item cannot be done now (account not usable, Agent unavailable): the
     * item stays {@code REFUND_PENDING} with the reason, for the status view and the probe's re-enqueue.
     */
    public Optional<LedgerEntry> holdRefund(InvoicedItem item, Cause cause, Instant now) {
        Values v = new Values().put(":pending", s(LedgerState.REFUND_PENDING.name()))
                .put(":number", s(item.invoiceNumber())).put(":reason", s(cause.reason().name()))
                .put(":error", s(shorten(cause.message()))).put(":now", s(now.toString())).put(":one", n(1))
                .history(List.of(HistoryEntry.of(now, LedgerStep.REFUND_HELD, cause.reason())));
        return write(update(item.accountId(), item.purchaseId(),
                "SET #reason = :reason, #error = :error, #updated = :now, " + APPEND_HISTORY + " ADD #rev :one",
                "#number = :number AND #state = :pending", v));
    }

    /**
     * The storno of a {@code REFUND_PENDING} item was refused (or its answer was not a storno): → {@code FAILED}
     * with the reason, invoice number kept; the refund message is in the DLQ for a person.
     */
    public Optional<LedgerEntry> failRefund(InvoicedItem item, Cause cause, Instant now) {
        Values v = new Values().put(":pending", s(LedgerState.REFUND_PENDING.name()))
                .put(":number", s(item.invoiceNumber())).put(":failed", s(LedgerState.FAILED.name()))
                .put(":reason", s(cause.reason().name())).put(":error", s(shorten(cause.message())))
                .put(":now", s(now.toString())).put(":one", n(1))
                .history(List.of(HistoryEntry.of(now, LedgerStep.REFUND_FAILED, cause.reason())))
                .announce(PendingOutcome.settled(item.accountId(), item.purchaseId(), Outcome.FAILED, cause.reason(),
                        item.invoiceNumber(), Optional.of(item.invoiceNumber()), now), now);
        return write(update(item.accountId(), item.purchaseId(),
                "SET #state = :failed, #reason = :reason, #error = :error, #updated = :now, " + APPEND_HISTORY + ", "
                        + ANNOUNCE_SET + " ADD #rev :one, " + ANNOUNCE_ADD,
                "#number = :number AND #state = :pending", v));
    }

    /** The invoice was reversed: → {@code REVERSED} with the storno's number. False when it already was (or changed). */
    public Optional<LedgerEntry> reverse(InvoicedItem item, String stornoNumber, Instant now) {
        Values v = new Values().put(":reversed", s(LedgerState.REVERSED.name())).put(":number", s(item.invoiceNumber()))
                .put(":storno", s(stornoNumber)).put(":now", s(now.toString())).put(":one", n(1))
                .history(List.of(HistoryEntry.of(now, LedgerStep.REVERSED, stornoNumber)))
                .announce(PendingOutcome.reversed(item.accountId(), item.purchaseId(), item.invoiceNumber(), stornoNumber,
                        now), now);
        // the key fingerprint is left as it is: the storno went to the account that holds the invoice
        return write(update(item.accountId(), item.purchaseId(),
                "SET #state = :reversed, #storno = :storno, #updated = :now, " + APPEND_HISTORY + ", " + ANNOUNCE_SET
                        + " ADD #rev :one, " + ANNOUNCE_ADD + " REMOVE #reason, #error",
                "#number = :number AND #state <> :reversed", v));
    }

    /**
     * Records a refund, whatever the item's state (the first refund body is kept):
     * <ul>
     *   <li>an invoice exists and is not reversed → {@code REFUND_PENDING} (from {@code ISSUED}, or from {@code FAILED}
     *       after a refused storno): the caller reverses it now or holds it;</li>
     *   <li>no invoice yet → the body is stored and the state kept (an absent item is created {@code PARKED}, reason
     *       {@code AWAITING_INVOICE}); issuing reverses right after ({@link #issue} writes {@code REFUND_PENDING});</li>
     *   <li>already {@code REVERSED} → nothing is written.</li>
     * </ul>
     * Each attempt is one conditional write; a race with the issuer's {@code ISSUED} write is settled by reading again.
     * Returns the item as it is now.
     */
    public LedgerEntry recordRefund(String accountId, String purchaseId, String externalId, String refundBody, Instant now) {
        return recordRefund(accountId, purchaseId, externalId, refundBody, now, now);
    }

    /**
     * As above; {@code refundedAt} stands in as the item's paid time until the purchase message's claim writes the real
     * one (the listing by paid date shows a refund-first item from the start).
     */
    public LedgerEntry recordRefund(String accountId, String purchaseId, String externalId, String refundBody,
            Instant refundedAt, Instant now) {
        for (int attempt = 0; attempt < 4; attempt++) {
            Values withInvoice = new Values().put(":refund", s(refundBody)).put(":now", s(now.toString()))
                    .put(":one", n(1)).put(":pending", s(LedgerState.REFUND_PENDING.name()))
                    .put(":reversed", s(LedgerState.REVERSED.name()))
                    .history(List.of(HistoryEntry.of(now, LedgerStep.REFUND_RECORDED)));
            Optional<LedgerEntry> written = write(update(accountId, purchaseId,
                    "SET #refund = if_not_exists(#refund, :refund), #state = :pending, #updated = :now, " + APPEND_HISTORY
                            + " ADD #rev :one" + CLEAR_REQUEUE_MARK,
                    "attribute_exists(#number) AND #state <> :reversed", withInvoice));
            if (written.isPresent()) {
                return written.get();
            }
            Values noInvoice = new Values().put(":refund", s(refundBody)).put(":ext", s(externalId))
                    .put(":parked", s(LedgerState.PARKED.name())).put(":awaiting", s(Reason.AWAITING_INVOICE.name()))
                    .put(":zero", n(0)).put(":one", n(1)).put(":now", s(now.toString()))
                    .put(":paid", s(Tables.sortable(refundedAt)))
                    .history(List.of(HistoryEntry.of(now, LedgerStep.REFUND_RECORDED)));
            written = write(update(accountId, purchaseId,
                    "SET #refund = if_not_exists(#refund, :refund), #ext = if_not_exists(#ext, :ext), "
                            + "#state = if_not_exists(#state, :parked), #reason = if_not_exists(#reason, :awaiting), "
                            + "#sends = if_not_exists(#sends, :zero), #paid = if_not_exists(#paid, :paid), #updated = :now, "
                            + APPEND_HISTORY + " ADD #rev :one" + CLEAR_REQUEUE_MARK,
                    "attribute_not_exists(#number)", noInvoice));
            if (written.isPresent()) {
                return written.get();
            }
            LedgerEntry current = find(accountId, purchaseId).orElseThrow();
            if (current.state() == LedgerState.REVERSED) {
                return current;
            }
            // an invoice appeared between the two writes: again
        }
        return find(accountId, purchaseId).orElseThrow();
    }

    /**
     * {@code SENDING} (ours) → {@code state} with the cause, announcing the outcome unless the item's last announced
     * outcome was the same (parked again for the same reason after a probe's re-enqueue is no news): the first write
     * announces on condition the announcement differs, the second (only when that condition failed) does not.
     */
    private Optional<LedgerEntry> settle(ClaimedItem item, LedgerState state, Cause cause, Instant now,
            boolean sendSettled) {
        Outcome outcome = state == LedgerState.PARKED ? Outcome.PARKED : Outcome.FAILED;
        PendingOutcome pending = PendingOutcome.settled(item.accountId(), item.purchaseId(), outcome, cause.reason(),
                item.token(), Optional.empty(), now);
        for (boolean announce : List.of(true, false)) {
            Values v = fenced(item.token()).put(":state", s(state.name())).put(":reason", s(cause.reason().name()))
                    .put(":error", s(shorten(cause.message()))).put(":now", s(now.toString())).put(":one", n(1))
                    .history(List.of(HistoryEntry.of(now, state == LedgerState.PARKED ? LedgerStep.PARKED : LedgerStep.FAILED,
                            cause.reason())));
            if (announce) {
                v.announce(pending, now);
            }
            Optional<LedgerEntry> written = write(update(item.accountId(), item.purchaseId(),
                    "SET #state = :state, #reason = :reason, #error = :error, #updated = :now, " + APPEND_HISTORY
                            + (announce ? ", " + ANNOUNCE_SET + " ADD #rev :one, " + ANNOUNCE_ADD : " ADD #rev :one")
                            + " REMOVE #lease" + (sendSettled ? ", #keyfp" : ""),
                    announce ? FENCE + " AND (attribute_not_exists(#ann) OR #ann <> :ann)" : FENCE, v));
            if (written.isPresent()) {
                return written;
            }
        }
        return Optional.empty();
    }

    /**
     * Removes published outcomes from the item's outbox (and the item from the pending-outcomes index once the outbox
     * is empty). One write when nothing was added meanwhile; outcomes added meanwhile stay for the next publish.
     */
    public void clearOutbox(LedgerEntry entry, List<PendingOutcome> published) {
        if (published.isEmpty()) {
            return;
        }
        Values v = new Values().put(":published", AttributeValue.fromSs(published.stream().map(PendingOutcome::encode).toList()));
        if (write(update(entry.accountId(), entry.purchaseId(), "REMOVE #outbox, #pendAt", "#outbox = :published", v))
                .isPresent()) {
            return;
        }
        Optional<LedgerEntry> rest = write(update(entry.accountId(), entry.purchaseId(), "DELETE #outbox :published",
                "attribute_exists(#outbox)", v));
        if (rest.map(e -> e.outbox().isEmpty()).orElse(true)) {
            write(update(entry.accountId(), entry.purchaseId(), "REMOVE #pendAt",
                    "attribute_exists(#pendAt) AND attribute_not_exists(#outbox)", new Values()));
        }
    }

    /**
     * Up to {@code limit} of {@code accountId}'s items with outcomes not yet published, oldest first, from the sparse
     * index {@link Tables#INVOICES_WITH_PENDING_OUTCOMES_INDEX} (only such items are in it): one Query.
     */
    public List<LedgerEntry> withPendingOutcomes(String accountId, int limit) {
        QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table)
                .indexName(Tables.INVOICES_WITH_PENDING_OUTCOMES_INDEX).keyConditionExpression("#pk = :a")
                .expressionAttributeNames(Map.of("#pk", Tables.ACCOUNT_ID))
                .expressionAttributeValues(Map.of(":a", s(accountId))).limit(limit).build());
        return page.items().stream().map(InvoiceLedger::fromItem).toList();
    }

    // --- amendments (docs/ISSUING.md, Amendments) ---------------------------------------------------------------

    /**
     * Every revision item {@code purchaseId#r<n>} of {@code purchaseId} (not revision 0, not the head): one Query on
     * the table's key, {@code begins_with(purchaseId, "<purchaseId>#r")}, read consistently.
     */
    public List<LedgerEntry> revisions(String accountId, String purchaseId) {
        List<LedgerEntry> found = new ArrayList<>();
        for (var item : dynamo.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :a AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", Tables.ACCOUNT_ID, "#sk", Tables.PURCHASE_ID))
                .expressionAttributeValues(Map.of(":a", s(accountId), ":prefix", s(purchaseId + "#r"))).build()).items()) {
            if (item.containsKey(STATE)) {
                found.add(fromItem(item));
            }
        }
        return found;
    }

    /**
     * Supersedes a revision that has no invoice and no create that may have issued one (absent; or {@code sends = 0};
     * or its last send settled: no key fingerprint): → {@code SUPERSEDED}, conditional on the item being as read
     * ({@code seen}: its revision; absent: still absent). A claimant holding it loses its fence (its send slot or
     * write is refused). Returns the item as written; empty when it changed meanwhile (read again and decide again).
     */
    public Optional<LedgerEntry> supersede(String accountId, String itemId, String externalId, Optional<LedgerEntry> seen,
            long byRevision, Instant now) {
        Values v = new Values().put(":superseded", s(LedgerState.SUPERSEDED.name())).put(":ext", s(externalId))
                .put(":zero", n(0)).put(":one", n(1)).put(":now", s(now.toString())).put(":by", n(byRevision))
                .history(List.of(HistoryEntry.of(now, LedgerStep.SUPERSEDED, "r" + byRevision)));
        String condition;
        if (seen.isPresent()) {
            condition = "#rev = :rev AND attribute_not_exists(#number)";
            v.put(":rev", n(seen.get().revision()));
        } else {
            condition = "attribute_not_exists(#pk)";
        }
        return write(update(accountId, itemId,
                "SET #state = :superseded, #ext = if_not_exists(#ext, :ext), #sends = if_not_exists(#sends, :zero), "
                        + "#supBy = if_not_exists(#supBy, :by), #updated = :now, " + APPEND_HISTORY
                        + " ADD #rev :one REMOVE #lease, #token, #reason, #error",
                condition, v));
    }

    /**
     * Marks a revision whose create may have issued an invoice (sends &gt; 0 under a key fingerprint, no invoice
     * recorded): from now on its claims only query, never create ({@code supersededBy}); the amendment is stored as its
     * refund ({@code refundBody}, the first kept), so an invoice found is recorded {@code REFUND_PENDING} and reversed
     * at once, as a refund-first purchase is. Conditional on the item being as read. Empty when it changed.
     */
    public Optional<LedgerEntry> markSuperseding(LedgerEntry seen, String amendmentBody, long byRevision, Instant now) {
        Values v = new Values().put(":refund", s(amendmentBody)).put(":by", n(byRevision)).put(":one", n(1))
                .put(":now", s(now.toString())).put(":rev", n(seen.revision()))
                .history(List.of(HistoryEntry.of(now, LedgerStep.SUPERSEDE_MARKED, "r" + byRevision)));
        return write(update(seen.accountId(), seen.purchaseId(),
                "SET #refund = if_not_exists(#refund, :refund), #supBy = if_not_exists(#supBy, :by), #updated = :now, "
                        + APPEND_HISTORY + " ADD #rev :one",
                "#rev = :rev AND attribute_not_exists(#number)", v));
    }

    /**
     * A marked revision ({@code supersededBy}) claimed by us was queried and its invoice does not exist: {@code SENDING}
     * (ours) → {@code SUPERSEDED}; no create is ever sent for it. Empty if the claim was lost.
     */
    public Optional<LedgerEntry> supersedeClaimed(ClaimedItem item, Instant now) {
        Values v = fenced(item.token()).put(":superseded", s(LedgerState.SUPERSEDED.name())).put(":one", n(1))
                .put(":now", s(now.toString()))
                .history(List.of(HistoryEntry.of(now, LedgerStep.SUPERSEDED)));
        return write(update(item.accountId(), item.purchaseId(),
                "SET #state = :superseded, #updated = :now, " + APPEND_HISTORY
                        + " ADD #rev :one REMOVE #lease, #reason, #error, #keyfp",
                FENCE + " AND attribute_exists(#supBy)", v));
    }

    /** The head of {@code purchaseId}, read consistently; empty for a purchase never amended. */
    public Optional<PurchaseHead> findHead(String accountId, String purchaseId) {
        var response = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(accountId, purchaseId + PurchaseHead.SUFFIX)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(head(accountId, purchaseId, response.item())) : Optional.empty();
    }

    /**
     * Takes the head's lease (creating the head if absent) with a fresh fencing token: one conditional write, refused
     * while another holder's lease runs (empty: retry later). The lease is kept as epoch milliseconds (a number, so
     * the condition compares it as one).
     */
    public Optional<PurchaseHead> claimHead(String accountId, String purchaseId, Instant now, Duration lease) {
        Values v = new Values().put(":token", s(UUID.randomUUID().toString()))
                .put(":until", n(now.plus(lease).toEpochMilli())).put(":nowms", n(now.toEpochMilli()))
                .put(":zero", n(0)).put(":false", AttributeValue.fromBool(false)).put(":now", s(now.toString()));
        return write(update(accountId, purchaseId + PurchaseHead.SUFFIX,
                "SET #token = :token, #hlease = :until, #newest = if_not_exists(#newest, :zero), "
                        + "#wholeRefund = if_not_exists(#wholeRefund, :false), #updated = :now",
                "attribute_not_exists(#pk) OR #hlease < :nowms", v), r -> head(accountId, purchaseId, r));
    }

    /** Records revision {@code revision} (and its body) as the newest, under our head token. Empty if not ours. */
    public Optional<PurchaseHead> recordNewest(PurchaseHead head, long revision, String body, Instant now) {
        Values v = new Values().put(":token", s(head.token())).put(":r", n(revision)).put(":body", s(body))
                .put(":now", s(now.toString()));
        return write(update(head.accountId(), head.purchaseId() + PurchaseHead.SUFFIX,
                "SET #newest = :r, #newestBody = :body, #updated = :now", "#token = :token AND #newest < :r", v),
                r -> head(head.accountId(), head.purchaseId(), r));
    }

    /** Records that a whole refund happened (later amendments are refused), under our head token. */
    public Optional<PurchaseHead> markRefunded(PurchaseHead head, Instant now) {
        Values v = new Values().put(":token", s(head.token())).put(":true", AttributeValue.fromBool(true))
                .put(":now", s(now.toString()));
        return write(update(head.accountId(), head.purchaseId() + PurchaseHead.SUFFIX,
                "SET #wholeRefund = :true, #updated = :now", "#token = :token", v),
                r -> head(head.accountId(), head.purchaseId(), r));
    }

    /** Lets the head go at once (our token only): the next amendment or refund need not wait for the lease. */
    public void releaseHead(PurchaseHead head) {
        Values v = new Values().put(":token", s(head.token())).put(":zero", n(0));
        write(update(head.accountId(), head.purchaseId() + PurchaseHead.SUFFIX, "SET #hlease = :zero",
                "#token = :token", v), r -> r);
    }

    private static PurchaseHead head(String accountId, String purchaseId, Map<String, AttributeValue> item) {
        return new PurchaseHead(accountId, purchaseId,
                item.containsKey(NEWEST) ? Long.parseLong(item.get(NEWEST).n()) : 0, str(item, NEWEST_BODY),
                item.containsKey(REFUNDED) && Boolean.TRUE.equals(item.get(REFUNDED).bool()),
                str(item, TOKEN).orElse(""));
    }

    private <T> Optional<T> write(UpdateItemRequest.Builder request, java.util.function.Function<Map<String, AttributeValue>, T> read) {
        try {
            return Optional.of(read.apply(dynamo.updateItem(request.build()).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private static final String FENCE = "#token = :token AND #state = :sending";

    private static Values fenced(String token) {
        return new Values().put(":token", s(token)).put(":sending", s(LedgerState.SENDING.name()));
    }

    private Optional<LedgerEntry> write(UpdateItemRequest.Builder request) {
        UpdateItemRequest built = request.build();
        try {
            return Optional.of(written(updateItem(built.key().get(Tables.ACCOUNT_ID).s(), built.key().get(Tables.PURCHASE_ID).s(),
                    request).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** One UpdateItem; an item it would make larger than DynamoDB allows → {@link LedgerItemTooLargeException}. */
    private UpdateItemResponse updateItem(String accountId, String purchaseId, UpdateItemRequest.Builder request) {
        try {
            return dynamo.updateItem(request.build());
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (software.amazon.awssdk.services.dynamodb.model.DynamoDbException e) {
            if (LedgerItemTooLargeException.isItemTooLarge(e)) {
                throw new LedgerItemTooLargeException(accountId, purchaseId);
            }
            throw e;
        }
    }

    /**
     * The item as a write left it; a history longer than {@link #HISTORY_LIMIT} loses its oldest steps (one more write,
     * conditional on the revision just written: when someone wrote since, the next write trims).
     */
    private LedgerEntry written(Map<String, AttributeValue> item) {
        LedgerEntry entry = fromItem(item);
        int excess = entry.history().size() - HISTORY_LIMIT;
        if (excess <= 0) {
            return entry;
        }
        List<String> oldest = new ArrayList<>();
        for (int i = 0; i < excess; i++) {
            oldest.add("#hist[" + i + "]");
        }
        try {
            dynamo.updateItem(update(entry.accountId(), entry.purchaseId(), "REMOVE " + String.join(", ", oldest),
                    "#rev = :rev", new Values().put(":rev", n(entry.revision()))).returnValues(ReturnValue.NONE).build());
        } catch (ConditionalCheckFailedException e) {
            // written meanwhile; that write's caller trims
        }
        return entry;
    }

    /** Appends the {@link Values#history} steps to the item's history. */
    private static final String APPEND_HISTORY = "#hist = list_append(if_not_exists(#hist, :nohist), :h)";
    /** With {@link #ANNOUNCE_ADD}: puts the {@link Values#announce} outcome into the outbox and the pending index. */
    private static final String ANNOUNCE_SET = "#ann = :ann, #pendAt = if_not_exists(#pendAt, :outboxAt)";
    private static final String ANNOUNCE_ADD = "#outbox :evt";

    private UpdateItemRequest.Builder update(String accountId, String purchaseId, String expression, String condition,
            Values values) {
        Map<String, String> names = new HashMap<>();
        String all = expression + " " + condition;
        for (var e : NAMES.entrySet()) {
            if (all.contains(e.getKey())) {
                names.put(e.getKey(), e.getValue());
            }
        }
        UpdateItemRequest.Builder request = UpdateItemRequest.builder().tableName(table).key(key(accountId, purchaseId))
                .updateExpression(expression).conditionExpression(condition)
                .expressionAttributeNames(names).returnValues(ReturnValue.ALL_NEW);
        // DynamoDB refuses an empty value map
        return values.map.isEmpty() ? request : request.expressionAttributeValues(values.map);
    }

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("#pk", Tables.ACCOUNT_ID), Map.entry("#state", STATE), Map.entry("#ext", EXTERNAL_ID),
            Map.entry("#sends", SENDS), Map.entry("#lease", LEASE_UNTIL), Map.entry("#token", TOKEN),
            Map.entry("#number", INVOICE_NUMBER), Map.entry("#einv", E_INVOICE), Map.entry("#storno", STORNO_NUMBER),
            Map.entry("#reason", REASON), Map.entry("#error", LAST_ERROR), Map.entry("#body", MESSAGE_BODY),
            Map.entry("#refund", REFUND_BODY), Map.entry("#rev", REVISION), Map.entry("#updated", UPDATED_AT),
            Map.entry("#keyfp", KEY_FINGERPRINT), Map.entry("#paid", PAID_AT), Map.entry("#issued", ISSUED_AT),
            Map.entry("#hist", HISTORY), Map.entry("#outbox", OUTBOX), Map.entry("#ann", ANNOUNCED),
            Map.entry("#pendAt", OUTBOX_AT), Map.entry("#supBy", SUPERSEDED_BY), Map.entry("#newest", NEWEST),
            Map.entry("#newestBody", NEWEST_BODY), Map.entry("#wholeRefund", REFUNDED), Map.entry("#hlease", HEAD_LEASE),
            Map.entry("#rqAt", REQUEUED_AT), Map.entry("#rqN", REQUEUES), Map.entry("#doc", DOCUMENT_TYPE));

    private static final class Values {
        final Map<String, AttributeValue> map = new HashMap<>();

        Values put(String name, AttributeValue value) {
            map.put(name, value);
            return this;
        }

        /** {@code :h}, the steps to append, and {@code :nohist}, the empty history of an item without one. */
        Values history(List<HistoryEntry> steps) {
            map.put(":nohist", AttributeValue.fromL(List.of()));
            return put(":h", AttributeValue.fromL(steps.stream().map(InvoiceLedger::historyItem).toList()));
        }

        /** {@code :evt}, {@code :ann} and {@code :outboxAt} of an outcome to announce. */
        Values announce(PendingOutcome outcome, Instant now) {
            put(":evt", AttributeValue.fromSs(List.of(outcome.encode())));
            put(":outboxAt", s(Tables.sortable(now)));
            return put(":ann", s(outcome.announcement()));
        }
    }

    static Map<String, AttributeValue> key(String accountId, String purchaseId) {
        return Map.of(Tables.ACCOUNT_ID, s(accountId), Tables.PURCHASE_ID, s(purchaseId));
    }

    /** Reads an item of the ledger table (also the GSI's, projection ALL). */
    public static LedgerEntry fromItem(Map<String, AttributeValue> item) {
        return new LedgerEntry(
                item.get(Tables.ACCOUNT_ID).s(),
                item.get(Tables.PURCHASE_ID).s(),
                LedgerState.valueOf(item.get(STATE).s()),
                str(item, EXTERNAL_ID).orElse(""),
                item.containsKey(SENDS) ? Integer.parseInt(item.get(SENDS).n()) : 0,
                str(item, LEASE_UNTIL).map(Instant::parse),
                str(item, TOKEN),
                str(item, INVOICE_NUMBER),
                Optional.ofNullable(item.get(E_INVOICE)).map(AttributeValue::bool),
                str(item, STORNO_NUMBER),
                str(item, REASON).flatMap(Reason::of),
                str(item, LAST_ERROR),
                str(item, MESSAGE_BODY),
                str(item, REFUND_BODY),
                item.containsKey(REVISION) ? Long.parseLong(item.get(REVISION).n()) : 0,
                str(item, UPDATED_AT).map(Instant::parse).orElse(Instant.EPOCH),
                str(item, KEY_FINGERPRINT),
                str(item, PAID_AT).map(Instant::parse),
                str(item, ISSUED_AT).map(Instant::parse),
                history(item.get(HISTORY)),
                outbox(item.get(OUTBOX)),
                item.containsKey(SUPERSEDED_BY) ? Optional.of(Long.parseLong(item.get(SUPERSEDED_BY).n())) : Optional.empty(),
                str(item, DOCUMENT_TYPE).flatMap(DocumentType::ofApiValue).orElse(DocumentType.INVOICE));
    }

    private static AttributeValue historyItem(HistoryEntry step) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("at", s(step.at().toString()));
        m.put("step", s(step.step().name()));
        step.reason().ifPresent(r -> m.put("reason", s(r.name())));
        step.document().ifPresent(d -> m.put("document", s(d)));
        return AttributeValue.fromM(m);
    }

    /** The stored history; steps this version does not know are left out. */
    private static List<HistoryEntry> history(AttributeValue stored) {
        if (stored == null || !stored.hasL()) {
            return List.of();
        }
        List<HistoryEntry> steps = new ArrayList<>();
        for (AttributeValue v : stored.l()) {
            Map<String, AttributeValue> m = v.hasM() ? v.m() : Map.of();
            Optional<LedgerStep> step = str(m, "step").flatMap(name -> {
                try {
                    return Optional.of(LedgerStep.valueOf(name));
                } catch (IllegalArgumentException unknown) {
                    return Optional.empty();
                }
            });
            Optional<Instant> at = str(m, "at").map(Instant::parse);
            if (step.isPresent() && at.isPresent()) {
                steps.add(new HistoryEntry(at.get(), step.get(), str(m, "reason").flatMap(Reason::of), str(m, "document")));
            }
        }
        return steps;
    }

    /** The outbox, oldest first; elements this version cannot read stay stored (not published by it). */
    private static List<PendingOutcome> outbox(AttributeValue stored) {
        if (stored == null || !stored.hasSs()) {
            return List.of();
        }
        return stored.ss().stream().map(PendingOutcome::decode).flatMap(Optional::stream)
                .sorted(java.util.Comparator.comparing(PendingOutcome::at).thenComparing(p -> p.outcome().ordinal()))
                .toList();
    }

    private static Optional<String> str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? Optional.empty() : Optional.of(v.s());
    }

    private static String shorten(String message) {
        String m = message == null ? "" : message;
        return m.length() <= MAX_ERROR_LENGTH ? m : m.substring(0, MAX_ERROR_LENGTH);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
