package hu.autoinvoice.local.agent;

import hu.autoinvoice.agent.AgentErrorCode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The simulated vendor's state and rules: accounts by Agent key, documents, numbering, sessions and counters.
 * One lock guards everything, so concurrent requests see a consistent, sequential ledger.
 */
final class Ledger {

    static final ZoneId BUDAPEST = ZoneId.of("Europe/Budapest");
    /** How old an earlier document may be for an equivalent re-send to replay it (research §5.1: 2 days). */
    static final Duration REPLAY_WINDOW = Duration.ofDays(2);
    /** A receipt prefix: upper-case letters and digits only (research §2.12, code 337). */
    static final java.util.regex.Pattern RECEIPT_PREFIX = java.util.regex.Pattern.compile("[A-Z0-9]+");

    private final Clock clock;
    private final Map<String, SimAccount> accounts = new HashMap<>();
    private final Map<String, String> sessions = new HashMap<>();
    private final Map<String, StoredDocument> documents = new LinkedHashMap<>(); // by id order
    private final Map<String, StoredReceipt> receipts = new LinkedHashMap<>(); // by id order
    private final List<SimReceiptEmail> receiptEmails = new ArrayList<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<Integer, Long> rejections = new TreeMap<>();
    private long nextId = 1;
    private long creates;
    private long replays;
    private long queries;
    private long stornos;
    private long previews;
    private long pdfs;
    private long lostReplies;
    private long transientFaults;
    private long downFaults;
    private long dataErrorFaults;
    private long receiptCreates;
    private long receiptStornos;
    private long receiptQueries;

    Ledger(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---- control ---------------------------------------------------------------------------------------------

    synchronized SimAccount putAccount(String agentKey, AccountUpdate update) {
        SimAccount merged = accounts.getOrDefault(agentKey, SimAccount.DEFAULT).merge(update);
        accounts.put(agentKey, merged);
        if (merged.state() != AccountState.OK) {
            sessions.remove(agentKey);
        }
        return merged;
    }

    synchronized Optional<SimAccount> account(String agentKey) {
        return Optional.ofNullable(accounts.get(agentKey));
    }

    /** Invoices and receipts, oldest first (one id sequence for both). */
    synchronized List<SimDocument> documents(Predicate<SimDocument> filter) {
        return java.util.stream.Stream.concat(documents.values().stream().map(StoredDocument::view),
                receipts.values().stream().map(StoredReceipt::view)).filter(filter)
                .sorted(Comparator.comparingLong(SimDocument::id)).toList();
    }

    synchronized List<SimReceiptEmail> receiptEmails() {
        return List.copyOf(receiptEmails);
    }

    synchronized SimStats stats() {
        return new SimStats(creates, replays, queries, stornos, previews, pdfs, new LinkedHashMap<>(rejections),
                lostReplies, transientFaults, downFaults, dataErrorFaults, receiptCreates, receiptStornos,
                receiptQueries, receiptEmails.size());
    }

    synchronized void reset() {
        accounts.clear();
        sessions.clear();
        documents.clear();
        receipts.clear();
        receiptEmails.clear();
        counters.clear();
        rejections.clear();
        nextId = 1;
        creates = replays = queries = stornos = previews = pdfs = 0;
        lostReplies = transientFaults = downFaults = dataErrorFaults = 0;
        receiptCreates = receiptStornos = receiptQueries = 0;
    }

    synchronized void countRejection(int code) {
        rejections.merge(code, 1L, Long::sum);
    }

    synchronized void countDataErrorFault() {
        dataErrorFaults++;
    }

    synchronized void countLostReply() {
        lostReplies++;
    }

    synchronized void countTransientFault() {
        transientFaults++;
        rejections.merge(AgentErrorCode.MAINTENANCE.code(), 1L, Long::sum);
    }

    synchronized void countDownFault() {
        downFaults++;
    }

    /** The session id of a key that logged in (one per key, like a cookie jar per account), or null. */
    synchronized String session(String agentKey) {
        if (agentKey == null || !accounts.containsKey(agentKey) || accounts.get(agentKey).state() != AccountState.OK) {
            return null;
        }
        return sessions.computeIfAbsent(agentKey, k -> UUID.randomUUID().toString().replace("-", "").toUpperCase());
    }

    // ---- the Agent's rules ------------------------------------------------------------------------------------

    synchronized AgentOutcome handle(SimRequest request) {
        Optional<AgentOutcome.Rejected> login = login(request.agentKey());
        if (login.isPresent()) {
            return login.get();
        }
        SimAccount account = accounts.get(request.agentKey());
        if (!account.receipts() && isReceiptAction(request)) {
            return AgentOutcome.Rejected.of(AgentErrorCode.NOT_IN_PACKAGE);
        }
        return switch (request) {
            case SimRequest.Create create -> create(account, create);
            case SimRequest.Storno storno -> storno(account, storno);
            case SimRequest.Query query -> query(query);
            case SimRequest.ReceiptCreate create -> receiptCreate(account, create);
            case SimRequest.ReceiptStorno storno -> receiptStorno(storno);
            case SimRequest.ReceiptGet get -> receiptGet(get);
            case SimRequest.ReceiptSend send -> receiptSend(send);
        };
    }

    private static boolean isReceiptAction(SimRequest request) {
        return request instanceof SimRequest.ReceiptCreate || request instanceof SimRequest.ReceiptStorno
                || request instanceof SimRequest.ReceiptGet || request instanceof SimRequest.ReceiptSend;
    }

    private Optional<AgentOutcome.Rejected> login(String agentKey) {
        SimAccount account = agentKey == null ? null : accounts.get(agentKey);
        if (account == null || account.state() == AccountState.DELETED) {
            return Optional.of(AgentOutcome.Rejected.of(AgentErrorCode.LOGIN_FAILED));
        }
        if (account.state() == AccountState.BLOCKED) {
            return Optional.of(AgentOutcome.Rejected.of(AgentErrorCode.LOGIN_BLOCKED));
        }
        return Optional.empty();
    }

    private AgentOutcome create(SimAccount account, SimRequest.Create request) {
        if (request.eInvoice() && !account.eInvoice()) {
            return AgentOutcome.Rejected.of(AgentErrorCode.EINVOICE_NOT_ALLOWED);
        }
        String prefix = request.prefix() != null ? request.prefix()
                : account.prefixes().isEmpty() ? null : account.prefixes().getFirst();
        if (prefix == null || !account.prefixes().contains(prefix)) {
            return AgentOutcome.Rejected.of(AgentErrorCode.PREFIX_INVALID);
        }
        Optional<LineArithmetic.Violation> violation = LineArithmetic.check(request.currency(), request.lines());
        if (violation.isPresent()) {
            return new AgentOutcome.Rejected(violation.get().error(), violation.get().message(), false);
        }
        LocalDate today = LocalDate.now(clock.withZone(BUDAPEST));
        if (request.preview()) {
            previews++;
            return new AgentOutcome.Previewed(peekNumber(request.agentKey(), prefix, today), nextId);
        }
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal vat = BigDecimal.ZERO;
        BigDecimal gross = BigDecimal.ZERO;
        for (SimRequest.Line line : request.lines()) {
            net = net.add(line.net());
            vat = vat.add(line.vat());
            gross = gross.add(line.gross());
        }
        String orderNumber = request.orderNumber();
        if (account.orderNumberUnique() && orderNumber != null && request.type() != DocumentType.HS) {
            List<StoredDocument> holders = documents.values().stream()
                    .filter(d -> d.agentKey().equals(request.agentKey()) && d.view().type() == request.type()
                            && orderNumber.equals(d.view().orderNumber()) && d.view().reversedBy() == null)
                    .toList();
            if (!holders.isEmpty()) {
                BigDecimal total = gross;
                Optional<StoredDocument> replayed = account.orderNumberReplay()
                        ? holders.stream().filter(d -> equivalent(d, request, total))
                                .max(Comparator.comparingLong(d -> d.view().id()))
                        : Optional.empty();
                if (replayed.isPresent()) {
                    // the vendor answers the existing document as if just created; the external id sent is not stored
                    replays++;
                    return new AgentOutcome.Issued(replayed.get(), request.download());
                }
                return new AgentOutcome.Rejected(AgentErrorCode.DUPLICATE_ORDER_NUMBER,
                        AgentErrorCode.DUPLICATE_ORDER_NUMBER.hungarian(orderNumber), false);
            }
        }
        long id = nextId++;
        SimDocument view = new SimDocument(id, nextNumber(request.agentKey(), prefix, today), request.type(),
                hint(request.agentKey()), orderNumber, request.externalId(), request.buyerName(), net, vat, gross,
                request.currency(), request.eInvoice(), prefix, today, null, null, null);
        StoredDocument stored = new StoredDocument(view, request.agentKey(), request, request.comment(),
                request.paid() ? BigDecimal.ZERO : gross, request.lines(), clock.instant());
        documents.put(key(request.agentKey(), view.number()), stored);
        creates++;
        return new AgentOutcome.Issued(stored, request.download());
    }

    private AgentOutcome storno(SimAccount account, SimRequest.Storno request) {
        if (request.eInvoice() && !account.eInvoice()) {
            return AgentOutcome.Rejected.of(AgentErrorCode.EINVOICE_NOT_ALLOWED);
        }
        StoredDocument original = documents.get(key(request.agentKey(), request.invoiceNumber()));
        if (original == null) {
            return AgentOutcome.Rejected.of(AgentErrorCode.DOCUMENT_NOT_FOUND);
        }
        if (original.view().type() == DocumentType.SS) {
            return AgentOutcome.Rejected.of(AgentErrorCode.CANNOT_REVERSE_STORNO);
        }
        if (original.view().reversedBy() != null) {
            return new AgentOutcome.Reversed(documents.get(key(request.agentKey(), original.view().reversedBy())),
                    request.download());
        }
        SimDocument o = original.view();
        LocalDate today = LocalDate.now(clock.withZone(BUDAPEST));
        long id = nextId++;
        List<SimRequest.Line> negated = original.lines().stream().map(SimRequest.Line::negated).toList();
        SimDocument view = new SimDocument(id, nextNumber(request.agentKey(), o.prefix(), today), DocumentType.SS,
                o.account(), o.orderNumber(), request.externalId(), o.buyerName(), o.net().negate(), o.vat().negate(),
                o.gross().negate(), o.currency(), request.eInvoice(), o.prefix(), today, null, o.number(), null);
        StoredDocument storno = new StoredDocument(view, request.agentKey(), original.source(), null,
                o.gross().negate(), negated, clock.instant());
        documents.put(key(request.agentKey(), view.number()), storno);
        documents.put(key(request.agentKey(), o.number()), original.withReversedBy(view.number()));
        stornos++;
        return new AgentOutcome.Reversed(storno, request.download());
    }

    private AgentOutcome query(SimRequest.Query request) {
        queries++;
        Optional<StoredDocument> found;
        if (request.number() != null) {
            found = Optional.ofNullable(documents.get(key(request.agentKey(), request.number())));
        } else if (request.orderNumber() != null) {
            found = newest(request.agentKey(), d -> request.orderNumber().equals(d.orderNumber()));
        } else if (request.externalId() != null) {
            found = newest(request.agentKey(), d -> request.externalId().equals(d.externalId()));
        } else {
            found = Optional.empty();
        }
        if (found.isEmpty()) {
            return new AgentOutcome.Rejected(AgentErrorCode.DOCUMENT_NOT_FOUND,
                    AgentErrorCode.DOCUMENT_NOT_FOUND.hungarian(), !request.pdfAction());
        }
        if (request.includePdf()) {
            pdfs++;
        }
        return new AgentOutcome.Found(found.get(), request.includePdf());
    }

    // ---- receipts (nyugta) -------------------------------------------------------------------------------------

    /**
     * Receipt create, checks in order: call id already used by a receipt of this key (338: a refusal, the vendor does
     * not answer the existing receipt), prefix format (337), prefix used for invoices (336), line amounts (395, 363–365,
     * 259–261), payments ≠ gross (340). Numbered in the receipt prefix's own sequence per key and year.
     */
    private AgentOutcome receiptCreate(SimAccount account, SimRequest.ReceiptCreate request) {
        if (callIdTaken(request.agentKey(), request.callId())) {
            return AgentOutcome.Rejected.of(AgentErrorCode.RECEIPT_CALL_ID_EXISTS);
        }
        String prefix = request.prefix();
        if (prefix == null || !RECEIPT_PREFIX.matcher(prefix).matches()) {
            return AgentOutcome.Rejected.of(AgentErrorCode.RECEIPT_PREFIX_MALFORMED);
        }
        if (account.prefixes().contains(prefix) || documents.values().stream()
                .anyMatch(d -> d.agentKey().equals(request.agentKey()) && prefix.equals(d.view().prefix()))) {
            return AgentOutcome.Rejected.of(AgentErrorCode.RECEIPT_PREFIX_USED_FOR_INVOICES);
        }
        Optional<LineArithmetic.Violation> violation = LineArithmetic.checkReceipt(request.currency(), request.lines());
        if (violation.isPresent()) {
            return new AgentOutcome.Rejected(violation.get().error(), violation.get().message(), false);
        }
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal vat = BigDecimal.ZERO;
        BigDecimal gross = BigDecimal.ZERO;
        for (SimRequest.Line line : request.lines()) {
            net = net.add(line.net());
            vat = vat.add(line.vat());
            gross = gross.add(line.gross());
        }
        if (!request.payments().isEmpty()) {
            BigDecimal paid = request.payments().stream().map(SimRequest.Payment::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            if (paid.compareTo(gross) != 0) {
                return new AgentOutcome.Rejected(AgentErrorCode.RECEIPT_PAYMENTS_MISMATCH,
                        AgentErrorCode.RECEIPT_PAYMENTS_MISMATCH.hungarian() + " (" + AgentReplies.plain(paid) + " ≠ "
                                + AgentReplies.plain(gross) + ")", false);
            }
        }
        LocalDate today = LocalDate.now(clock.withZone(BUDAPEST));
        SimDocument view = new SimDocument(nextId++, nextNumber(request.agentKey(), prefix, today), DocumentType.NY,
                hint(request.agentKey()), request.orderNumber(), null, null, net, vat, gross, request.currency(), false,
                prefix, today, null, null, request.callId());
        StoredReceipt stored = new StoredReceipt(view, request.agentKey(), request.paymentMethod(),
                request.exchangeRate(), request.exchangeBank(), request.comment(), request.lines(), request.payments());
        receipts.put(key(request.agentKey(), view.number()), stored);
        receiptCreates++;
        return new AgentOutcome.Receipt(stored, request.download());
    }

    /**
     * Receipt storno: a call id already used → 338 (as on create); unknown number → 339; an {@code SN} → 14 (the
     * vendor's code for a storno of a storno, observed on invoices); an already reversed receipt → its existing
     * {@code SN} (idempotent, as the vendor's invoice storno); otherwise a new {@code SN} in the original's prefix
     * sequence with negative lines, totals and payments, inheriting the order number.
     */
    private AgentOutcome receiptStorno(SimRequest.ReceiptStorno request) {
        if (callIdTaken(request.agentKey(), request.callId())) {
            return AgentOutcome.Rejected.of(AgentErrorCode.RECEIPT_CALL_ID_EXISTS);
        }
        StoredReceipt original = receipts.get(key(request.agentKey(), request.number()));
        if (original == null) {
            return AgentOutcome.Rejected.of(AgentErrorCode.RECEIPT_NOT_FOUND);
        }
        SimDocument o = original.view();
        if (o.type() == DocumentType.SN) {
            return AgentOutcome.Rejected.of(AgentErrorCode.CANNOT_REVERSE_STORNO);
        }
        if (o.reversedBy() != null) {
            return new AgentOutcome.Receipt(receipts.get(key(request.agentKey(), o.reversedBy())), request.download());
        }
        List<SimRequest.Line> negated = original.lines().stream().map(SimRequest.Line::negated).toList();
        List<SimRequest.Payment> payments = original.payments().stream()
                .map(p -> new SimRequest.Payment(p.means(), p.amount().negate(), p.description())).toList();
        LocalDate today = LocalDate.now(clock.withZone(BUDAPEST));
        SimDocument view = new SimDocument(nextId++, nextNumber(request.agentKey(), o.prefix(), today),
                DocumentType.SN, o.account(), o.orderNumber(), null, null, o.net().negate(), o.vat().negate(),
                o.gross().negate(), o.currency(), false, o.prefix(), today, null, o.number(), request.callId());
        StoredReceipt storno = new StoredReceipt(view, request.agentKey(), original.paymentMethod(),
                original.exchangeRate(), original.exchangeBank(), null, negated, payments);
        receipts.put(key(request.agentKey(), view.number()), storno);
        receipts.put(key(request.agentKey(), o.number()), original.withReversedBy(view.number()));
        receiptStornos++;
        return new AgentOutcome.Receipt(storno, request.download());
    }

    /** Receipt get: by number, else call id, else order number (the newest receipt); none → 339. */
    private AgentOutcome receiptGet(SimRequest.ReceiptGet request) {
        receiptQueries++;
        Optional<StoredReceipt> found;
        if (request.number() != null) {
            found = Optional.ofNullable(receipts.get(key(request.agentKey(), request.number())));
        } else if (request.callId() != null) {
            found = newestReceipt(request.agentKey(), d -> request.callId().equals(d.callId()));
        } else if (request.orderNumber() != null) {
            found = newestReceipt(request.agentKey(), d -> request.orderNumber().equals(d.orderNumber()));
        } else {
            found = Optional.empty();
        }
        return found.<AgentOutcome>map(r -> new AgentOutcome.Receipt(r, request.download()))
                .orElseGet(() -> AgentOutcome.Rejected.of(AgentErrorCode.RECEIPT_NOT_FOUND));
    }

    /** Receipt send: unknown number → 339; no address or subject → 7 naming the element; else recorded. */
    private AgentOutcome receiptSend(SimRequest.ReceiptSend request) {
        StoredReceipt receipt = receipts.get(key(request.agentKey(), request.number()));
        if (receipt == null) {
            return AgentOutcome.Rejected.of(AgentErrorCode.RECEIPT_NOT_FOUND);
        }
        if (request.email() == null) {
            return new AgentOutcome.Rejected(AgentErrorCode.DOCUMENT_NOT_FOUND, "Hiányzó adat: email elem.", false);
        }
        if (request.subject() == null) {
            return new AgentOutcome.Rejected(AgentErrorCode.DOCUMENT_NOT_FOUND, "Hiányzó adat: emailtargy elem.",
                    false);
        }
        receiptEmails.add(new SimReceiptEmail(receipt.view().number(), receipt.view().account(), request.email(),
                request.replyTo(), request.subject(), request.text()));
        return new AgentOutcome.ReceiptSent();
    }

    private boolean callIdTaken(String agentKey, String callId) {
        return callId != null && receipts.values().stream()
                .anyMatch(r -> r.agentKey().equals(agentKey) && callId.equals(r.view().callId()));
    }

    private Optional<StoredReceipt> newestReceipt(String agentKey, Predicate<SimDocument> match) {
        return receipts.values().stream().filter(r -> r.agentKey().equals(agentKey)).filter(r -> match.test(r.view()))
                .max(Comparator.comparingLong(r -> r.view().id()));
    }

    private Optional<StoredDocument> newest(String agentKey, Predicate<SimDocument> match) {
        return documents.values().stream().filter(d -> d.agentKey().equals(agentKey)).filter(d -> match.test(d.view()))
                .max(Comparator.comparingLong(d -> d.view().id()));
    }

    /**
     * The vendor's replay condition (research §5.1): the same buyer name, gross total, {@code keltDatum},
     * {@code fizetesiHataridoDatum} and {@code teljesitesDatum} as sent, and the earlier document made within the last
     * {@link #REPLAY_WINDOW}.
     */
    private boolean equivalent(StoredDocument earlier, SimRequest.Create request, BigDecimal gross) {
        SimRequest.Create sent = earlier.source();
        Instant now = clock.instant();
        return Objects.equals(earlier.view().buyerName(), request.buyerName())
                && earlier.view().gross().compareTo(gross) == 0
                && Objects.equals(sent.issueDate(), request.issueDate())
                && Objects.equals(sent.dueDate(), request.dueDate())
                && Objects.equals(sent.fulfilmentDate(), request.fulfilmentDate())
                && !earlier.createdAt().plus(REPLAY_WINDOW).isBefore(now);
    }

    /** The number the next document of this key, prefix and year would get, without taking it. */
    private String peekNumber(String agentKey, String prefix, LocalDate today) {
        int year = today.getYear();
        return prefix + "-" + year + "-" + (counters.getOrDefault(counterKey(agentKey, prefix, year), 0) + 1);
    }

    private String nextNumber(String agentKey, String prefix, LocalDate today) {
        int year = today.getYear();
        int sequence = counters.merge(counterKey(agentKey, prefix, year), 1, Integer::sum);
        return prefix + "-" + year + "-" + sequence;
    }

    private static String counterKey(String agentKey, String prefix, int year) {
        return agentKey + '\u0000' + prefix + '\u0000' + year;
    }

    private static String key(String agentKey, String number) {
        return agentKey + '\u0000' + number;
    }

    /** The last four characters of a key: the most a log line or a listing may show. */
    static String hint(String agentKey) {
        if (agentKey == null || agentKey.length() <= 4) {
            return "…";
        }
        return "…" + agentKey.substring(agentKey.length() - 4);
    }
}
