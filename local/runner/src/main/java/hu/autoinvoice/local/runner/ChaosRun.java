package hu.autoinvoice.local.runner;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentTransport;
import hu.autoinvoice.agent.HttpAgentTransport;
import hu.autoinvoice.agent.TransportOutcome;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.aws.TimeBudget;
import hu.autoinvoice.connect.OpenInvoices;
import hu.autoinvoice.events.EventBridgeOutcomes;
import hu.autoinvoice.events.OutcomeRelay;
import hu.autoinvoice.invoice.BuyerType;
import hu.autoinvoice.invoice.CallId;
import hu.autoinvoice.invoice.DraftResult;
import hu.autoinvoice.invoice.ExternalIds;
import hu.autoinvoice.invoice.InvoiceCalculator;
import hu.autoinvoice.invoice.InvoiceTotals;
import hu.autoinvoice.invoice.ParseResult;
import hu.autoinvoice.invoice.PurchaseAmended;
import hu.autoinvoice.invoice.PurchaseMessages;
import hu.autoinvoice.invoice.PurchasePaid;
import hu.autoinvoice.invoice.ReceiptDraft;
import hu.autoinvoice.invoice.ReceiptLine;
import hu.autoinvoice.json.JsonValues;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.local.aws.FakeEventBridge;
import hu.autoinvoice.local.aws.ResourceProvisioner;
import hu.autoinvoice.probe.HealthProbe;
import hu.autoinvoice.probe.HealthProbeWiring;
import hu.autoinvoice.probe.ProbeSettings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.issuer.InvoiceIssuerWiring;
import hu.autoinvoice.issuer.IssuerSettings;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.InvoiceRequeue;
import hu.autoinvoice.ledger.RequeueBound;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.DocumentType;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.agent.SimDocument;
import hu.autoinvoice.local.aws.LocalAws;
import hu.autoinvoice.local.aws.LocalAwsConfig;
import hu.autoinvoice.local.aws.QueuePair;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@code make -s chaos}: a seeded chaos run of the real issuer handler through the local queue, with the real health
 * probe and backfill running beside it. Several accounts, purchases of which some are refunded (some refunds sent
 * before their purchase), transient faults, lost replies and latency at the simulator, duplicate deliveries (sometimes
 * in one batch), crashes of the issuer between any two steps (before or after any DynamoDB or SQS call, after the
 * vendor's answer), three concurrent pollers,
 * accounts blocked mid-run and recovering later, and accounts reconnected (same key) mid-run. After the run settles
 * it prints one line
 * {@code purchases= issued= reversed= refunds= parked= dlq= duplicates= lost= unreversed= stuck= max_sends=} and exits
 * non-zero unless duplicates, lost, unreversed and stuck are 0 (every refund reversed exactly once, every ledger item
 * final) and max_sends ≤ 5.
 */
public final class ChaosRun {

    /** Run parameters (see {@link #parse}). */
    public record Options(int purchases, long seed, int accounts, double refunds, double refundFirst, int outages,
            int reconnects, double crashes, double amendments, double receipts) {

        /** The defaults for everything but purchases, seed and accounts (no amendments, no receipts). */
        public Options(int purchases, long seed, int accounts) {
            this(purchases, seed, accounts, 0.2, 0.05, 1, 1, 0.02, 0, 0);
        }

        /** The same run with a share {@code amendments} of the purchases amended. */
        public Options withAmendments(double share) {
            return new Options(purchases, seed, accounts, refunds, refundFirst, outages, reconnects, crashes, share,
                    receipts);
        }

        /** The same run with a share {@code receipts} of the accounts on receipts. */
        public Options withReceipts(double share) {
            return new Options(purchases, seed, accounts, refunds, refundFirst, outages, reconnects, crashes, amendments,
                    share);
        }

        /** How many of the accounts issue receipts to private buyers (the first ones). */
        int receiptAccounts() {
            return (int) Math.round(accounts * receipts);
        }

        static Options parse(String[] args) {
            int purchases = 500;
            long seed = 7;
            int accounts = 4;
            double refunds = 0.2;
            double refundFirst = 0.05;
            int outages = 1;
            int reconnects = 1;
            double crashes = 0.02;
            double amendments = 0;
            double receipts = 0;
            for (String arg : args) {
                String[] kv = arg.split("=", 2);
                switch (kv[0]) {
                    case "--purchases" -> purchases = Integer.parseInt(kv[1]);
                    case "--seed" -> seed = Long.parseLong(kv[1]);
                    case "--accounts" -> accounts = Integer.parseInt(kv[1]);
                    case "--refunds" -> refunds = Double.parseDouble(kv[1]);
                    case "--refund-first" -> refundFirst = Double.parseDouble(kv[1]);
                    case "--account-outages" -> outages = Integer.parseInt(kv[1]);
                    case "--reconnects" -> reconnects = Integer.parseInt(kv[1]);
                    case "--crashes" -> crashes = Double.parseDouble(kv[1]);
                    case "--amendments" -> amendments = Double.parseDouble(kv[1]);
                    case "--receipts" -> receipts = Double.parseDouble(kv[1]);
                    default -> throw new IllegalArgumentException("unknown argument " + arg + " (use --purchases=N "
                            + "--seed=N --accounts=N --refunds=F --refund-first=F --account-outages=N --reconnects=N --crashes=F --amendments=F "
                            + "--receipts=F)");
                }
            }
            return new Options(purchases, seed, Math.max(2, accounts), refunds, refundFirst, outages, reconnects, crashes,
                    amendments, receipts);
        }
    }

    /**
     * The result line's numbers.
     *
     * @param amended purchases amended at least once ({@code --amendments})
     * @param receipts purchases whose live or reversed document is a receipt ({@code --receipts})
     * @param replaced invoices of amended purchases replaced by a later revision's (each reversed exactly once, or it
     *     counts as a duplicate)
     * @param mismatched purchases not refunded and not dead-lettered whose live invoices are not exactly one for the
     *     newest revision with its totals and buyer: must be 0
     * @param eventsMissing outcomes on the ledger without their event on the bus (an issued or reversed invoice, a
     *     parked or failed item), after a last sweep: must be 0
     * @param eventRepeats events published more than once (same {@code eventId}): allowed (at least once), counted
     */
    public record Report(int purchases, int issued, int reversed, int refunds, int parked, int dlq, int duplicates,
            int lost, int unreversed, int stuck, int maxSends, int eventsMissing, int eventRepeats, int amended,
            int replaced, int mismatched, int receipts) {
        public String line() {
            return ("purchases=%d issued=%d reversed=%d refunds=%d parked=%d dlq=%d duplicates=%d lost=%d unreversed=%d "
                    + "stuck=%d max_sends=%d events_missing=%d event_repeats=%d amended=%d replaced=%d mismatched=%d receipts=%d")
                    .formatted(purchases, issued, reversed, refunds, parked, dlq, duplicates, lost, unreversed, stuck,
                            maxSends, eventsMissing, eventRepeats, amended, replaced, mismatched, receipts);
        }

        public boolean ok() {
            return duplicates == 0 && lost == 0 && unreversed == 0 && stuck == 0 && maxSends <= InvoiceLedger.MAX_SENDS
                    && eventsMissing == 0 && mismatched == 0;
        }
    }

    /** The chaos queue's maxReceiveCount; the issuer dead-letters a message it would retry on that delivery. */
    private static final int MAX_RECEIVES = 20;
    /** How long an open item must be untouched before the chaos probe re-drives it. */
    private static final Duration STUCK_AFTER = Duration.ofSeconds(3);

    private ChaosRun() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Report report;
        try (LocalAws aws = LocalAws.start(LocalAwsConfig.defaults()); AgentSimulator sim = AgentSimulator.start(0)) {
            aws.createResources();
            report = run(aws.clients(), aws.appConfig(), sim, aws.eventBridge(), options, System.err);
        }
        System.out.println(report.line());
        System.exit(report.ok() ? 0 : 1);
    }

    /** One message to send: a purchase or its refund. */
    /** One message to send; {@code accountId} is its MessageGroupId, as the checkout backend sends. */
    private record Send(String accountId, String body, boolean refund) {}

    /**
     * Runs the chaos scenario on running stand-ins (private queues, accounts table and ids, so it can share them with
     * tests).
     */
    public static Report run(AwsClients clients, AppConfig base, AgentSimulator sim, FakeEventBridge bus, Options options,
            PrintStream log) throws InterruptedException {
        String run = "chaos-" + UUID.randomUUID().toString().substring(0, 8);
        QueuePair queues = IssuerFixtures.queues(clients, run, Duration.ofSeconds(1), MAX_RECEIVES);
        String accountsTable = run + "-accounts";
        ResourceProvisioner.createTable(clients.dynamoDb(), Tables.accounts(accountsTable).build());
        AppConfig withQueues = IssuerFixtures.withQueues(base, queues, sim);
        AppConfig config = new AppConfig(accountsTable, withQueues.invoicesTable(), withQueues.invoiceQueueUrl(),
                withQueues.invoiceDlqUrl(), withQueues.agentKeyKmsKeyId(), withQueues.fingerprintPepperSecretId(),
                withQueues.outcomeEventBus(), withQueues.szamlaAgentUrl());
        Random random = new Random(options.seed());

        List<String> accountIds = new ArrayList<>();
        Map<String, AgentKey> keys = new HashMap<>();
        for (int i = 0; i < options.accounts(); i++) {
            String id = run + "-a" + i;
            accountIds.add(id);
            Optional<String> receiptPrefix = i < options.receiptAccounts() ? Optional.of("NYGT" + i) : Optional.empty();
            keys.put(id, IssuerFixtures.connect(clients, config, sim, id, i % 2 == 0, receiptPrefix));
        }
        // purchases, some delivered twice (adjacent: often in one batch; or at the end: another batch), some refunded
        // (the refund later in the stream, or before the purchase)
        List<String[]> purchases = new ArrayList<>();
        Set<String> refunded = new HashSet<>();
        List<Send> sends = new ArrayList<>();
        List<Send> late = new ArrayList<>();
        // amendments draw from their own generator: the same seed without --amendments runs exactly as before
        Random amending = new Random(options.seed() * 17 + 3);
        Map<String, String> newestBodies = new HashMap<>();
        for (int i = 0; i < options.purchases(); i++) {
            String account = accountIds.get(random.nextInt(accountIds.size()));
            String purchaseId = "P-" + i;
            int quantity = 1 + random.nextInt(3);
            int unitPrice = 1000 + random.nextInt(40000);
            Send paid = new Send(account, IssuerFixtures.paid(account, purchaseId, quantity, unitPrice), false);
            Send refund = new Send(account, IssuerFixtures.refunded(account, purchaseId), true);
            purchases.add(new String[] {account, purchaseId});
            double r = random.nextDouble();
            if (r < options.refundFirst()) {
                refunded.add(account + "/" + purchaseId);
                sends.add(refund);
                sends.add(paid);
            } else {
                sends.add(paid);
                if (r < options.refundFirst() + options.refunds()) {
                    refunded.add(account + "/" + purchaseId);
                    late.add(refund);
                }
            }
            double d = random.nextDouble();
            if (d < 0.07) {
                sends.add(paid);
            } else if (d < 0.12) {
                late.add(paid);
            }
            if (amending.nextDouble() < options.amendments()) {
                List<Send> revisions = amendments(account, purchaseId, quantity, unitPrice, amending);
                newestBodies.put(account + "/" + purchaseId, revisions.getLast().body());
                place(revisions, paid, sends, late, amending);
            }
        }
        Collections.shuffle(late, random);
        sends.addAll(late);

        sim.setFaults(Faults.none().withTransientRate(0.08).withLostReplyRate(0.08).withDownRate(0.02)
                .withLatencyMs(3).withSeed(options.seed()));
        AgentHttpConfig http = AgentHttpConfig.defaults(sim.url()).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));
        IssuerSettings settings = new IssuerSettings(Duration.ofSeconds(5), Duration.ofMillis(500), 4, Duration.ofMinutes(5),
                MAX_RECEIVES);
        // crashes between every pair of steps, now and then: right before or right after any DynamoDB or SQS call of
        // the issuer, and between the vendor's answer and the ledger write (the record is retried, as after a crash)
        Random crashes = new Random(options.seed() * 31 + 1);
        HttpAgentTransport agentHttp = new HttpAgentTransport(http);
        AgentTransport crashingAfterCreate = (key, request) -> {
            TransportOutcome answer = agentHttp.send(key, request);
            if ((request.action() == AgentAction.CREATE_INVOICE || request.action() == AgentAction.CREATE_RECEIPT)
                    && chance(crashes) < options.crashes()) {
                throw new IllegalStateException("chaos: crashed after the Agent answered");
            }
            return answer;
        };
        AwsClients issuerClients = AwsClients.of(crashing(DynamoDbClient.class, clients.dynamoDb(), crashes, options.crashes()),
                crashing(SqsClient.class, clients.sqs(), crashes, options.crashes()), clients.kms(), clients.secretsManager(),
                clients.eventBridge());
        var handler = InvoiceIssuerWiring.over(config, issuerClients).withAgent(new SzamlaAgentClient(crashingAfterCreate))
                .withSettings(settings).handler();
        // copies in flight: one per stuck age (the chaos queue redelivers within seconds, not 15 minutes)
        InvoiceRequeue requeue = new InvoiceRequeue(clients.dynamoDb(), clients::sqs, config.invoicesTable(),
                queues.queueUrl(), STUCK_AFTER, new RequeueBound(STUCK_AFTER), Clock.systemUTC());
        HealthProbe probe = HealthProbeWiring.over(config, clients).withAgent(SzamlaAgentClient.overHttp(http))
                .withSettings(ProbeSettings.defaults().withSafetyMargin(Duration.ofSeconds(1)))
                .withBackfill(requeue::backfill).probe();

        List<QueuePoller> pollers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pollers.add(new QueuePoller(clients.sqs(), queues.queueUrl(), queues.queueArn(),
                    StreamInvoke.of(handler, SQSEvent.class, SQSBatchResponse.class)).start());
        }
        // stopped by counting down, not by an interrupt: an interrupt aborts the SDK call under way mid-request
        CountDownLatch stopProbing = new CountDownLatch(1);
        Thread prober = Thread.ofVirtual().start(() -> {
            try {
                do {
                    try {
                        probe.run(TimeBudget.of(Duration.ofMinutes(1)));
                    } catch (RuntimeException e) {
                        log.println("chaos: probe run failed: " + e);
                    }
                } while (!stopProbing.await(1, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int chunks = (sends.size() + 9) / 10;
        Map<Integer, Runnable> events = events(options, chunks, accountIds, keys, clients, config, sim, random, log);
        try {
            for (int chunk = 0; chunk < chunks; chunk++) {
                List<Send> part = sends.subList(chunk * 10, Math.min(sends.size(), chunk * 10 + 10));
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int j = 0; j < part.size(); j++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(part.get(j).body())
                            .messageGroupId(part.get(j).accountId()).build());
                }
                clients.sqs().sendMessageBatch(b -> b.queueUrl(queues.queueUrl()).entries(entries));
                Runnable event = events.get(chunk);
                if (event != null) {
                    event.run();
                }
                Thread.sleep(20);
            }
            // every outage ends: the accounts pay, the probe sees them healthy and backfills
            accountIds.forEach(a -> sim.putAccount(keys.get(a).reveal(), AccountUpdate.none().withState(AccountState.OK)));
            log.println("chaos: every account works again; settling");
            sim.setFaults(Faults.none().withTransientRate(0.02).withLatencyMs(3).withSeed(options.seed() + 1));
            settle(clients, config, queues.queueUrl(), Duration.ofMinutes(5));
        } finally {
            stopProbing.countDown();
            prober.join(); // the probe run under way, if any, ends first
            pollers.forEach(QueuePoller::close);
            sim.setFaults(Faults.none());
        }
        // what a crash left in an outbox: the probe's sweep publishes it (here at once, not after its minute)
        OutcomeRelay relay = new OutcomeRelay(new InvoiceLedger(clients.dynamoDb(), config.invoicesTable()),
                new EventBridgeOutcomes(clients::eventBridge, config.outcomeEventBus()));
        purchases.stream().map(p -> p[0]).distinct().forEach(a -> relay.sweep(a, Instant.now().plusSeconds(60)));
        Set<String> receiptAccounts = new HashSet<>(accountIds.subList(0, options.receiptAccounts()));
        return report(clients, config, sim, bus, queues, purchases, refunded, newestBodies, receiptAccounts, log);
    }

    /**
     * One to three revisions of a purchase of {@code quantity} × {@code unitPrice}: each a partial refund (fewer
     * tickets), a buyer correction (an invoice in a company's name) or, as the last one now and then, nothing left (a
     * whole refund). In revision order.
     */
    private static List<Send> amendments(String account, String purchaseId, int quantity, int unitPrice, Random random) {
        int count = 1 + random.nextInt(3);
        List<Send> revisions = new ArrayList<>();
        int left = quantity;
        Optional<String> company = Optional.empty();
        for (int r = 1; r <= count; r++) {
            double kind = random.nextDouble();
            if (r == count && kind < 0.1) {
                left = 0;
            } else if (kind < 0.55 && left > 1) {
                left -= 1 + random.nextInt(left - 1);
            } else {
                company = Optional.of("Chaos " + purchaseId + " R" + r + " Kft.");
            }
            revisions.add(new Send(account, IssuerFixtures.amended(account, purchaseId, r, left, unitPrice, company), false));
        }
        return revisions;
    }

    /**
     * Where a purchase's revisions go in the stream: right after its purchase (in order, or shuffled) or later among
     * the other late messages; now and then the first one before the purchase itself, and one of them twice.
     */
    private static void place(List<Send> revisions, Send paid, List<Send> sends, List<Send> late, Random random) {
        List<Send> placed = new ArrayList<>(revisions);
        if (random.nextDouble() < 0.3) {
            Collections.shuffle(placed, random);
        }
        double where = random.nextDouble();
        if (where < 0.1) {
            sends.add(sends.indexOf(paid), placed.removeFirst());
        }
        (where < 0.5 ? sends : late).addAll(placed);
        if (random.nextDouble() < 0.25) {
            late.add(revisions.get(random.nextInt(revisions.size())));
        }
    }

    /** Outages (block, later unblock) and reconnects (the same key saved again), each at a seeded chunk. */
    private static Map<Integer, Runnable> events(Options options, int chunks, List<String> accountIds,
            Map<String, AgentKey> keys, AwsClients clients, AppConfig config, AgentSimulator sim, Random random,
            PrintStream log) {
        Map<Integer, Runnable> events = new HashMap<>();
        for (int i = 0; i < options.outages(); i++) {
            String account = accountIds.get(i % accountIds.size());
            int from = random.nextInt(Math.max(1, chunks / 2));
            int to = Math.min(chunks - 1, from + 1 + random.nextInt(Math.max(1, chunks / 3)));
            events.merge(from, () -> {
                sim.putAccount(keys.get(account).reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
                log.println("chaos: blocked " + account);
            }, ChaosRun::both);
            events.merge(to, () -> {
                sim.putAccount(keys.get(account).reveal(), AccountUpdate.none().withState(AccountState.OK));
                log.println("chaos: unblocked " + account);
            }, ChaosRun::both);
        }
        AccountStore store = new AccountStore(clients.dynamoDb(), config.accountsTable());
        for (int i = 0; i < options.reconnects(); i++) {
            String account = accountIds.get((i + 1) % accountIds.size());
            events.merge(random.nextInt(Math.max(1, chunks)), () -> {
                // what a reconnect through the connect API writes: the account again, HEALTHY from now
                store.find(account).ifPresent(a -> store.changeStatus(a, AccountStatus.HEALTHY, "reconnected", Instant.now()));
                log.println("chaos: reconnected " + account);
            }, ChaosRun::both);
        }
        return events;
    }

    private static double chance(Random random) {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    /**
     * {@code real}, crashing with probability {@code rate} around each call: half of the crashes before the call
     * reaches the service, half after it was done (the caller never learns that it was).
     */
    private static <T> T crashing(Class<T> type, T real, Random random, double rate) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            boolean call = method.getDeclaringClass() != Object.class && !method.getName().equals("close")
                    && !method.getName().equals("serviceName") && !method.getName().equals("serviceClientConfiguration");
            double r = call ? chance(random) : 1;
            if (r < rate / 2) {
                throw new IllegalStateException("chaos: crashed before " + method.getName());
            }
            Object result;
            try {
                result = method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (r < rate) {
                throw new IllegalStateException("chaos: crashed after " + method.getName());
            }
            return result;
        }));
    }

    private static Runnable both(Runnable a, Runnable b) {
        return () -> {
            a.run();
            b.run();
        };
    }

    /** Waits until the queue is empty and no ledger item of the run is open (or the limit passes). */
    private static void settle(AwsClients clients, AppConfig config, String queueUrl, Duration limit)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        AccountStore store = new AccountStore(clients.dynamoDb(), config.accountsTable());
        OpenInvoices open = new OpenInvoices(clients.dynamoDb(), config.invoicesTable());
        int quiet = 0;
        while (quiet < 3 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            boolean idle = queueEmpty(clients, queueUrl);
            if (idle) {
                long openItems = 0;
                for (var page = store.scan(0, 1, Optional.empty(), 100); ; ) {
                    for (var account : page.accounts()) {
                        OpenInvoices.Counts c = open.count(account.accountId());
                        openItems += c.parked() + c.inProgress() + c.refundsPending();
                    }
                    if (page.next().isEmpty()) {
                        break;
                    }
                    page = store.scan(0, 1, page.next(), 100);
                }
                idle = openItems == 0;
            }
            quiet = idle ? quiet + 1 : 0;
        }
    }

    private static boolean queueEmpty(AwsClients clients, String queueUrl) {
        var attributes = clients.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)) == 0;
    }

    private static Map<String, Object> detail(String json) {
        try {
            return JsonValues.object(JsonValues.parseStrict(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an outcome event that is not JSON", e);
        }
    }

    /** The purchase ("account/purchase") an invoice's external id names, any revision; null for another id. */
    private static String purchaseOfExternalId(String externalId) {
        String[] parts = externalId == null ? new String[0] : externalId.split(":");
        return parts.length >= 3 && parts[0].equals("ai") ? parts[1] + "/" + parts[2] : null;
    }

    private static Report report(AwsClients clients, AppConfig config, AgentSimulator sim, FakeEventBridge bus,
            QueuePair queues, List<String[]> purchases, Set<String> refunded, Map<String, String> newestBodies,
            Set<String> receiptAccounts, PrintStream log) {
        // the outcome events on the run's bus, by purchase ("account/purchase" -> "type number-or-reason")
        Map<String, Set<String>> events = new HashMap<>();
        Map<String, Integer> eventIds = new HashMap<>();
        for (FakeEventBridge.RecordedEvent e : bus.recorded()) {
            if (!e.busName().equals(config.outcomeEventBus())) {
                continue;
            }
            Map<String, Object> d = detail(e.detail());
            String what = d.get("type") + " " + (d.get("type").equals("invoice.reversed") ? d.get("stornoNumber")
                    : d.get("invoiceNumber") != null ? d.get("invoiceNumber") : d.get("reason"));
            events.computeIfAbsent(d.get("accountId") + "/" + d.get("purchaseId"), k -> new HashSet<>()).add(what);
            eventIds.merge((String) d.get("eventId"), 1, Integer::sum);
        }
        int eventRepeats = eventIds.values().stream().mapToInt(n -> n - 1).sum();
        int eventsMissing = 0;
        // the simulator's invoices and receipts by purchase (every revision's), and how many stornos reverse each
        Map<String, List<SimDocument>> invoicesOf = new HashMap<>();
        Map<String, Integer> invoicesByExternalId = new HashMap<>();
        Map<String, Integer> stornosOf = new HashMap<>(); // "keyHint/number" of the reversed invoice or receipt
        for (SimDocument doc : sim.documents()) {
            String ownId = ownId(doc);
            String purchase = purchaseOfExternalId(ownId);
            if ((doc.type() == DocumentType.SZ || doc.type() == DocumentType.NY) && purchase != null) {
                invoicesOf.computeIfAbsent(purchase, k -> new ArrayList<>()).add(doc);
                invoicesByExternalId.merge(ownId, 1, Integer::sum);
            } else if ((doc.type() == DocumentType.SS || doc.type() == DocumentType.SN) && doc.reverses() != null) {
                stornosOf.merge(doc.account() + "/" + doc.reverses(), 1, Integer::sum);
            }
        }
        // dead-lettered purchases; a refused amendment of a refunded purchase is expected and does not excuse anything
        Set<String> deadLettered = new HashSet<>();
        Set<String> movedBodies = new HashSet<>();
        while (true) {
            var messages = clients.sqs().receiveMessage(b -> b.queueUrl(queues.dlqUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(60).messageAttributeNames("All")).messages();
            if (messages.isEmpty()) {
                break;
            }
            for (var m : messages) {
                var pid = m.messageAttributes().get("purchaseId");
                var acc = m.messageAttributes().get("accountId");
                var reason = m.messageAttributes().get("reason");
                if (reason != null && reason.stringValue().equals(Reason.AMENDED_AFTER_REFUND.name())) {
                    continue;
                }
                if (pid != null && acc != null) {
                    deadLettered.add(acc.stringValue() + "/" + pid.stringValue());
                } else {
                    movedBodies.add(m.body()); // moved by SQS itself: identify by body below
                }
            }
        }
        InvoiceLedger ledger = new InvoiceLedger(clients.dynamoDb(), config.invoicesTable());
        int issued = 0, reversed = 0, parked = 0, dlq = 0, duplicates = 0, lost = 0, unreversed = 0, stuck = 0, maxSends = 0;
        int replaced = 0, mismatched = 0, receipts = 0;
        for (String[] p : purchases) {
            String purchase = p[0] + "/" + p[1];
            List<SimDocument> invoices = invoicesOf.getOrDefault(purchase, List.of());
            boolean inDlq = deadLettered.contains(purchase) || movedBodies.stream()
                    .anyMatch(b -> b.contains("\"purchaseId\":\"" + p[1] + "\"") && b.contains(p[0]));
            // every item of the purchase: revision 0 and each amendment's
            Optional<LedgerEntry> original = ledger.find(p[0], p[1]);
            List<LedgerEntry> items = new ArrayList<>();
            original.ifPresent(items::add);
            if (newestBodies.containsKey(purchase)) {
                items.addAll(ledger.revisions(p[0], p[1]));
            }
            for (SimDocument invoice : invoices) {
                if (invoicesByExternalId.get(ownId(invoice)) > 1
                        || stornosOf.getOrDefault(invoice.account() + "/" + invoice.number(), 0) > 1) {
                    duplicates++;
                    log.println("chaos: duplicate invoice or storno for " + purchase + ": " + invoice.number());
                    break;
                }
            }
            List<SimDocument> live = invoices.stream().filter(d -> d.reversedBy() == null).toList();
            String newestBody = newestBodies.get(purchase);
            boolean wholeRefund = refunded.contains(purchase)
                    || (newestBody != null && InvoiceTotals.invoicedPurchase(newestBody).isEmpty());
            boolean everyInvoiceItemReversed = items.stream().filter(LedgerEntry::hasInvoice)
                    .allMatch(e -> e.state() == LedgerState.REVERSED);
            if (wholeRefund && !invoices.isEmpty()) {
                if (live.isEmpty() && everyInvoiceItemReversed) {
                    reversed++;
                } else if (!inDlq) {
                    unreversed++;
                    log.println("chaos: refunded " + purchase + " still has a live invoice: " + live);
                }
            } else if (!wholeRefund && !inDlq && (original.isPresent() || !invoices.isEmpty())) {
                String body = newestBody != null ? newestBody : original.flatMap(LedgerEntry::messageBody).orElse(null);
                if (!matches(live, p[0], p[1], body, receiptAccounts.contains(p[0]))) {
                    mismatched++;
                    log.println("chaos: " + purchase + " has live documents " + live.stream().map(d -> d.type() + " "
                            + d.number() + " " + ownId(d) + " " + d.buyerName() + " " + d.gross()).toList()
                            + ", not one for " + body);
                }
            }
            if (newestBody != null) {
                replaced += (int) invoices.stream().filter(d -> d.reversedBy() != null && !wholeRefund).count();
            }
            for (LedgerEntry e : items) {
                maxSends = Math.max(maxSends, e.sends());
                boolean revisionItem = e != original.orElse(null);
                if (e.state() == LedgerState.SENDING || e.state() == LedgerState.REFUND_PENDING
                        || (e.state() == LedgerState.PARKED && (revisionItem || invoices.isEmpty()) && !inDlq)) {
                    stuck++;
                    log.println("chaos: stuck " + e);
                }
                eventsMissing += missingEvents(e, events.getOrDefault(purchase, Set.of()), purchase);
            }
            if (invoices.stream().anyMatch(d -> d.type() == DocumentType.NY)) {
                receipts++;
            }
            if (!invoices.isEmpty()) {
                issued++;
            } else if (inDlq) {
                dlq++;
            } else if (original.map(e -> e.state() == LedgerState.PARKED || e.state() == LedgerState.FAILED
                    || e.state() == LedgerState.SUPERSEDED).orElse(false) || wholeRefund) {
                parked++;
            } else {
                lost++;
                log.println("chaos: lost " + purchase + " (" + original + ")");
            }
        }
        return new Report(purchases.size(), issued, reversed, refunded.size(), parked, dlq, duplicates, lost, unreversed,
                stuck, maxSends, eventsMissing, eventRepeats, newestBodies.size(), replaced, mismatched, receipts);
    }

    /** The id a document was issued under: an invoice's external id, a receipt's call id. */
    private static String ownId(SimDocument doc) {
        return doc.type().receipt() ? doc.callId() : doc.externalId();
    }

    /**
     * Whether {@code live} is exactly one document, of the revision whose message is {@code body}, of the kind the
     * account issues to that buyer (a receipt for a private buyer of a receipt account, else an invoice), with the
     * totals the calculator makes of it and, on an invoice, the buyer.
     */
    private static boolean matches(List<SimDocument> live, String accountId, String purchaseId, String body,
            boolean receiptAccount) {
        if (live.size() != 1 || body == null) {
            return false;
        }
        SimDocument document = live.getFirst();
        Optional<PurchasePaid> purchase = InvoiceTotals.invoicedPurchase(body);
        if (purchase.isEmpty()) {
            return false;
        }
        long revision = PurchaseMessages.parse(body) instanceof ParseResult.Valid v
                && v.message() instanceof PurchaseAmended a ? a.revision() : 0;
        boolean receipt = receiptAccount && purchase.get().buyer().type() == BuyerType.PERSON;
        if (document.type() != (receipt ? DocumentType.NY : DocumentType.SZ)
                || !ownId(document).equals(ExternalIds.ofRevision(accountId, purchaseId, revision))) {
            return false;
        }
        if (receipt) {
            // the receipt of the purchase: each line's gross as on the invoice, VAT re-derived to cents
            return InvoiceCalculator.draft(purchase.get()) instanceof DraftResult.Computed c && sameTotals(document,
                    ReceiptDraft.of(c.draft(), document.prefix(), new CallId(ownId(document))));
        }
        Optional<InvoiceTotals> totals = InvoiceTotals.of(purchase.get());
        return totals.isPresent() && document.gross().compareTo(totals.get().gross()) == 0
                && document.net().compareTo(totals.get().net()) == 0
                && document.buyerName().equals(purchase.get().buyer().name());
    }

    private static boolean sameTotals(SimDocument receipt, ReceiptDraft expected) {
        BigDecimal net = expected.lines().stream().map(ReceiptLine::netAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return receipt.gross().compareTo(expected.grossTotal()) == 0 && receipt.net().compareTo(net) == 0;
    }

    /** The outcome events an item's state calls for that are not on the bus (logged). */
    private static int missingEvents(LedgerEntry e, Set<String> published, String purchase) {
        List<String> expected = new ArrayList<>();
        e.invoiceNumber().ifPresent(n -> expected.add("invoice.issued " + n));
        e.stornoNumber().ifPresent(n -> expected.add("invoice.reversed " + n));
        if (e.state() == LedgerState.PARKED && e.reason().filter(r -> r != Reason.AWAITING_INVOICE).isPresent()) {
            expected.add("invoice.parked " + e.reason().get());
        }
        if (e.state() == LedgerState.FAILED) {
            expected.add("invoice.failed " + e.invoiceNumber().orElse(e.reason().map(Enum::name).orElse("?")));
        }
        int missing = 0;
        for (String x : expected) {
            if (!published.contains(x)) {
                missing++;
                System.err.println("chaos: no event '" + x + "' for " + purchase + " (" + e + ")");
            }
        }
        return missing;
    }
}
