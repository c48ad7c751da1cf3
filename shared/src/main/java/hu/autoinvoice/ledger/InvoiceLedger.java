package hu.autoinvoice.ledger;

import hu.autoinvoice.aws.Tables;
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
            if (current.isPresent()) {
                condition = "#rev = :rev";
                v.put(":rev", n(current.get().revision()));
            } else {
                condition = "attribute_not_exists(#pk)";
            }
            try {
                UpdateItemResponse r = dynamo.updateItem(update(accountId, purchaseId,
                        "SET #state = :sending, #ext = :ext, #paid = :paid, #lease = :lease, #token = :token, #updated = :now, "
                                + (neverSent ? "#body = :body" : "#body = if_not_exists(#body, :body)") + ", #sends = "
                                + (reserving ? ":one, #keyfp = :keyfp" : "if_not_exists(#sends, :zero)") + " ADD #rev :one",
                        condition, v).build());
                return new Claim.Claimed(fromItem(r.attributes()), reserving);
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
        String accountId = item.accountId();
        String purchaseId = item.purchaseId();
        String token = item.token();
        Values v = fenced(token).put(":lease", s(now.plus(lease).toString())).put(":now", s(now.toString()))
                .put(":one", n(1)).put(":max", n(MAX_SENDS)).put(":keyfp", s(keyFingerprint));
        try {
            UpdateItemResponse r = dynamo.updateItem(update(accountId, purchaseId,
                    "SET #lease = :lease, #updated = :now, #keyfp = :keyfp ADD #sends :one, #rev :one",
                    FENCE + " AND #sends < :max", v).build());
            return new SendSlot.Granted(fromItem(r.attributes()).sends());
        } catch (ConditionalCheckFailedException refused) {
            Optional<LedgerEntry> now2 = find(accountId, purchaseId);
            if (now2.isPresent() && now2.get().state() == LedgerState.SENDING
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
     * Returns the item as written, empty if the claim was lost.
     */
    public Optional<LedgerEntry> issue(ClaimedItem item, String invoiceNumber, boolean eInvoice, String keyFingerprint,
            Instant now) {
        for (LedgerState state : List.of(LedgerState.ISSUED, LedgerState.REFUND_PENDING)) {
            boolean refund = state == LedgerState.REFUND_PENDING;
            String placeholder = refund ? ":pending" : ":issued";
            Values v = fenced(item.token()).put(placeholder, s(state.name())).put(":number", s(invoiceNumber))
                    .put(":e", AttributeValue.fromBool(eInvoice)).put(":now", s(now.toString())).put(":one", n(1))
                    .put(":keyfp", s(keyFingerprint));
            Optional<LedgerEntry> written = write(update(item.accountId(), item.purchaseId(),
                    "SET #state = " + placeholder + ", #number = :number, #einv = :e, #keyfp = :keyfp, #updated = :now, "
                            + "#issued = :now "
                            + "ADD #rev :one "
                            + "REMOVE #lease, #reason, #error",
                    FENCE + (refund ? " AND attribute_exists(#refund)" : " AND attribute_not_exists(#refund)"), v));
            if (written.isPresent()) {
                return written;
            }
        }
        return Optional.empty();
    }

    /** Keeps {@code SENDING} (outcome unknown) and sets the lease to {@code leaseUntil}: nobody retries before it. */
    public boolean release(ClaimedItem item, Instant leaseUntil, Cause cause, Instant now) {
        Values v = fenced(item.token()).put(":lease", s(leaseUntil.toString())).put(":reason", s(cause.reason().name()))
                .put(":error", s(shorten(cause.message()))).put(":now", s(now.toString())).put(":one", n(1));
        return write(update(item.accountId(), item.purchaseId(),
                "SET #lease = :lease, #reason = :reason, #error = :error, #updated = :now ADD #rev :one", FENCE, v)).isPresent();
    }

    /** {@code SENDING} (ours) → {@code PARKED} with the reason (account not usable). */
    public boolean park(ClaimedItem item, Cause cause, Instant now) {
        return settle(item, LedgerState.PARKED, cause, now, false);
    }

    /**
     * {@code SENDING} (ours) → {@code PARKED} after the account refused the create: nothing was created by it, so the
     * send is settled and its key fingerprint removed (a later create under another key is no duplicate).
     */
    public boolean parkRefused(ClaimedItem item, Cause cause, Instant now) {
        return settle(item, LedgerState.PARKED, cause, now, true);
    }

    /** {@code SENDING} (ours) → {@code FAILED} after a create was refused for good: nothing was created by it (as above). */
    public boolean failRefused(ClaimedItem item, Cause cause, Instant now) {
        return settle(item, LedgerState.FAILED, cause, now, true);
    }

    /** {@code SENDING} (ours) → {@code FAILED} with the reason (data refused, send budget spent). */
    public boolean fail(ClaimedItem item, Cause cause, Instant now) {
        return settle(item, LedgerState.FAILED, cause, now, false);
    }

    /**
     * The storno of a {@code REFUND_PENDING} item cannot be done now (account not usable, Agent unavailable): the
     * item stays {@code REFUND_PENDING} with the reason, for the status view and the probe's re-enqueue.
     */
    public boolean holdRefund(InvoicedItem item, Cause cause, Instant now) {
        Values v = new Values().put(":pending", s(LedgerState.REFUND_PENDING.name()))
                .put(":number", s(item.invoiceNumber())).put(":reason", s(cause.reason().name()))
                .put(":error", s(shorten(cause.message()))).put(":now", s(now.toString())).put(":one", n(1));
        return write(update(item.accountId(), item.purchaseId(),
                "SET #reason = :reason, #error = :error, #updated = :now ADD #rev :one",
                "#number = :number AND #state = :pending", v)).isPresent();
    }

    /**
     * The storno of a {@code REFUND_PENDING} item was refused (or its answer was not a storno): → {@code FAILED}
     * with the reason, invoice number kept; the refund message is in the DLQ for a person.
     */
    public boolean failRefund(InvoicedItem item, Cause cause, Instant now) {
        Values v = new Values().put(":pending", s(LedgerState.REFUND_PENDING.name()))
                .put(":number", s(item.invoiceNumber())).put(":failed", s(LedgerState.FAILED.name()))
                .put(":reason", s(cause.reason().name())).put(":error", s(shorten(cause.message())))
                .put(":now", s(now.toString())).put(":one", n(1));
        return write(update(item.accountId(), item.purchaseId(),
                "SET #state = :failed, #reason = :reason, #error = :error, #updated = :now ADD #rev :one",
                "#number = :number AND #state = :pending", v)).isPresent();
    }

    /** The invoice was reversed: → {@code REVERSED} with the storno's number. False when it already was (or changed). */
    public boolean reverse(InvoicedItem item, String stornoNumber, Instant now) {
        Values v = new Values().put(":reversed", s(LedgerState.REVERSED.name())).put(":number", s(item.invoiceNumber()))
                .put(":storno", s(stornoNumber)).put(":now", s(now.toString())).put(":one", n(1));
        // the key fingerprint is left as it is: the storno went to the account that holds the invoice
        return write(update(item.accountId(), item.purchaseId(),
                "SET #state = :reversed, #storno = :storno, #updated = :now ADD #rev :one REMOVE #reason, #error",
                "#number = :number AND #state <> :reversed", v)).isPresent();
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
                    .put(":reversed", s(LedgerState.REVERSED.name()));
            Optional<LedgerEntry> written = write(update(accountId, purchaseId,
                    "SET #refund = if_not_exists(#refund, :refund), #state = :pending, #updated = :now ADD #rev :one",
                    "attribute_exists(#number) AND #state <> :reversed", withInvoice));
            if (written.isPresent()) {
                return written.get();
            }
            Values noInvoice = new Values().put(":refund", s(refundBody)).put(":ext", s(externalId))
                    .put(":parked", s(LedgerState.PARKED.name())).put(":awaiting", s(Reason.AWAITING_INVOICE.name()))
                    .put(":zero", n(0)).put(":one", n(1)).put(":now", s(now.toString()))
                    .put(":paid", s(Tables.sortable(refundedAt)));
            written = write(update(accountId, purchaseId,
                    "SET #refund = if_not_exists(#refund, :refund), #ext = if_not_exists(#ext, :ext), "
                            + "#state = if_not_exists(#state, :parked), #reason = if_not_exists(#reason, :awaiting), "
                            + "#sends = if_not_exists(#sends, :zero), #paid = if_not_exists(#paid, :paid), #updated = :now "
                            + "ADD #rev :one",
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

    private boolean settle(ClaimedItem item, LedgerState state, Cause cause, Instant now, boolean sendSettled) {
        Values v = fenced(item.token()).put(":state", s(state.name())).put(":reason", s(cause.reason().name()))
                .put(":error", s(shorten(cause.message()))).put(":now", s(now.toString())).put(":one", n(1));
        return write(update(item.accountId(), item.purchaseId(),
                "SET #state = :state, #reason = :reason, #error = :error, #updated = :now ADD #rev :one REMOVE #lease"
                        + (sendSettled ? ", #keyfp" : ""),
                FENCE, v)).isPresent();
    }

    private static final String FENCE = "#token = :token AND #state = :sending";

    private static Values fenced(String token) {
        return new Values().put(":token", s(token)).put(":sending", s(LedgerState.SENDING.name()));
    }

    private Optional<LedgerEntry> write(UpdateItemRequest.Builder request) {
        try {
            return Optional.of(fromItem(dynamo.updateItem(request.build()).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private UpdateItemRequest.Builder update(String accountId, String purchaseId, String expression, String condition,
            Values values) {
        Map<String, String> names = new HashMap<>();
        String all = expression + " " + condition;
        for (var e : NAMES.entrySet()) {
            if (all.contains(e.getKey())) {
                names.put(e.getKey(), e.getValue());
            }
        }
        return UpdateItemRequest.builder().tableName(table).key(key(accountId, purchaseId))
                .updateExpression(expression).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values.map)
                .returnValues(ReturnValue.ALL_NEW);
    }

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("#pk", Tables.ACCOUNT_ID), Map.entry("#state", STATE), Map.entry("#ext", EXTERNAL_ID),
            Map.entry("#sends", SENDS), Map.entry("#lease", LEASE_UNTIL), Map.entry("#token", TOKEN),
            Map.entry("#number", INVOICE_NUMBER), Map.entry("#einv", E_INVOICE), Map.entry("#storno", STORNO_NUMBER),
            Map.entry("#reason", REASON), Map.entry("#error", LAST_ERROR), Map.entry("#body", MESSAGE_BODY),
            Map.entry("#refund", REFUND_BODY), Map.entry("#rev", REVISION), Map.entry("#updated", UPDATED_AT),
            Map.entry("#keyfp", KEY_FINGERPRINT), Map.entry("#paid", PAID_AT), Map.entry("#issued", ISSUED_AT));

    private static final class Values {
        final Map<String, AttributeValue> map = new HashMap<>();

        Values put(String name, AttributeValue value) {
            map.put(name, value);
            return this;
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
                str(item, ISSUED_AT).map(Instant::parse));
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
