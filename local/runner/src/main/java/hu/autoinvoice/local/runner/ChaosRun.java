package hu.autoinvoice.local.runner;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.issuer.InvoiceIssuerHandler;
import hu.autoinvoice.issuer.IssuerHook;
import hu.autoinvoice.issuer.IssuerSettings;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.InvoiceRequeue;
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
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@code make -s chaos}: a seeded chaos run of the real issuer handler through the local queue. Several accounts,
 * ≥ 500 purchases, transient faults, lost replies and latency at the simulator, duplicate deliveries (sometimes in
 * one batch), three concurrent pollers, one account blocked mid-run and later unblocked and re-enqueued with
 * {@link InvoiceRequeue}. Prints one line {@code purchases=N issued=N parked=N dlq=N duplicates=0 lost=0 max_sends=K}
 * and exits non-zero unless duplicates=0, lost=0 and max_sends ≤ 5.
 */
public final class ChaosRun {

    /** Run parameters: {@code --purchases=N --seed=N --accounts=N}. */
    public record Options(int purchases, long seed, int accounts) {
        static Options parse(String[] args) {
            int purchases = 500;
            long seed = 7;
            int accounts = 4;
            for (String arg : args) {
                String[] kv = arg.split("=", 2);
                switch (kv[0]) {
                    case "--purchases" -> purchases = Integer.parseInt(kv[1]);
                    case "--seed" -> seed = Long.parseLong(kv[1]);
                    case "--accounts" -> accounts = Integer.parseInt(kv[1]);
                    default -> throw new IllegalArgumentException("unknown argument " + arg
                            + " (use --purchases=N --seed=N --accounts=N)");
                }
            }
            return new Options(purchases, seed, Math.max(2, accounts));
        }
    }

    /** The result line's numbers. */
    public record Report(int purchases, int issued, int parked, int dlq, int duplicates, int lost, int maxSends) {
        public String line() {
            return "purchases=%d issued=%d parked=%d dlq=%d duplicates=%d lost=%d max_sends=%d"
                    .formatted(purchases, issued, parked, dlq, duplicates, lost, maxSends);
        }

        public boolean ok() {
            return duplicates == 0 && lost == 0 && maxSends <= InvoiceLedger.MAX_SENDS;
        }
    }

    private ChaosRun() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Report report;
        try (LocalAws aws = LocalAws.start(LocalAwsConfig.defaults()); AgentSimulator sim = AgentSimulator.start(0)) {
            aws.createResources();
            report = run(aws.clients(), aws.appConfig(), sim, options, System.err);
        }
        System.out.println(report.line());
        System.exit(report.ok() ? 0 : 1);
    }

    /** Runs the chaos scenario on running stand-ins (private queues and ids, so it can share them with tests). */
    public static Report run(AwsClients clients, AppConfig base, AgentSimulator sim, Options options, PrintStream log)
            throws InterruptedException {
        String run = "chaos-" + UUID.randomUUID().toString().substring(0, 8);
        QueuePair queues = IssuerFixtures.queues(clients, run, Duration.ofSeconds(1), 20);
        AppConfig config = IssuerFixtures.withQueues(base, queues, sim);
        Random random = new Random(options.seed());

        List<String> accountIds = new ArrayList<>();
        Map<String, AgentKey> keys = new HashMap<>();
        for (int i = 0; i < options.accounts(); i++) {
            String id = run + "-a" + i;
            accountIds.add(id);
            keys.put(id, IssuerFixtures.connect(clients, config, sim, id, i % 2 == 0));
        }
        // purchases, some delivered twice (adjacent: often in one batch; or at the end: another batch)
        List<String[]> purchases = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (int i = 0; i < options.purchases(); i++) {
            String account = accountIds.get(random.nextInt(accountIds.size()));
            String purchaseId = "P-" + i;
            String body = IssuerFixtures.paid(account, purchaseId, 1 + random.nextInt(3), 1000 + random.nextInt(40000));
            purchases.add(new String[] {account, purchaseId});
            bodies.add(body);
            double d = random.nextDouble();
            if (d < 0.07) {
                bodies.add(body);
            } else if (d < 0.12) {
                late.add(body);
            }
        }
        bodies.addAll(late);

        sim.setFaults(Faults.none().withTransientRate(0.08).withLostReplyRate(0.08).withDownRate(0.02)
                .withLatencyMs(3).withSeed(options.seed()));
        AgentHttpConfig http = AgentHttpConfig.defaults(sim.url()).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));
        IssuerSettings settings = new IssuerSettings(Duration.ofSeconds(5), Duration.ofMillis(500), 4, Duration.ofMinutes(5));
        var handler = new InvoiceIssuerHandler(InvoiceIssuerHandler.compose(config, clients, http, settings,
                Clock.systemUTC(), IssuerHook.NONE));

        List<QueuePoller> pollers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pollers.add(new QueuePoller(clients.sqs(), queues.queueUrl(), queues.queueArn(),
                    StreamInvoke.of(handler, SQSEvent.class, SQSBatchResponse.class)).start());
        }
        String blocked = accountIds.get(0);
        try {
            for (int i = 0; i < bodies.size(); i += 10) {
                List<String> chunk = bodies.subList(i, Math.min(bodies.size(), i + 10));
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int j = 0; j < chunk.size(); j++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(chunk.get(j)).build());
                }
                clients.sqs().sendMessageBatch(b -> b.queueUrl(queues.queueUrl()).entries(entries));
                if (i / 10 == bodies.size() / 40) {
                    sim.putAccount(keys.get(blocked).reveal(), AccountUpdate.none().withState(AccountState.BLOCKED));
                    log.println("chaos: blocked " + blocked);
                }
            }
            awaitDrained(clients, queues.queueUrl());
            // the account recovers: unblock, mark healthy (what the probe does), re-enqueue its parked items
            sim.putAccount(keys.get(blocked).reveal(), AccountUpdate.none().withState(AccountState.OK));
            AccountStore store = new AccountStore(clients.dynamoDb(), config.accountsTable());
            store.find(blocked).filter(a -> !a.isHealthy())
                    .ifPresent(a -> store.changeStatus(a, AccountStatus.HEALTHY, "recovered", Instant.now()));
            int requeued = new InvoiceRequeue(clients.dynamoDb(), clients.sqs(), config.invoicesTable(), queues.queueUrl())
                    .requeue(blocked, Set.of(LedgerState.PARKED));
            log.println("chaos: unblocked " + blocked + ", re-enqueued " + requeued);
            awaitDrained(clients, queues.queueUrl());
        } finally {
            pollers.forEach(QueuePoller::close);
            sim.setFaults(Faults.none());
        }
        return report(clients, config, sim, queues, purchases);
    }

    private static Report report(AwsClients clients, AppConfig config, AgentSimulator sim, QueuePair queues,
            List<String[]> purchases) {
        Map<String, Integer> invoicesByExternalId = new HashMap<>();
        for (SimDocument doc : sim.documents()) {
            if (doc.type() == DocumentType.SZ && doc.externalId() != null) {
                invoicesByExternalId.merge(doc.externalId(), 1, Integer::sum);
            }
        }
        Set<String> deadLettered = new HashSet<>();
        while (true) {
            var messages = clients.sqs().receiveMessage(b -> b.queueUrl(queues.dlqUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(60).messageAttributeNames("All")).messages();
            if (messages.isEmpty()) {
                break;
            }
            for (var m : messages) {
                var pid = m.messageAttributes().get("purchaseId");
                var acc = m.messageAttributes().get("accountId");
                if (pid != null && acc != null) {
                    deadLettered.add(acc.stringValue() + "/" + pid.stringValue());
                } else {
                    deadLettered.add(m.body()); // redriven by SQS itself: identify by body below
                }
            }
        }
        InvoiceLedger ledger = new InvoiceLedger(clients.dynamoDb(), config.invoicesTable());
        int issued = 0, parked = 0, dlq = 0, duplicates = 0, lost = 0, maxSends = 0;
        for (String[] p : purchases) {
            String externalId = "ai:" + p[0] + ":" + p[1];
            int docs = invoicesByExternalId.getOrDefault(externalId, 0);
            Optional<LedgerEntry> entry = ledger.find(p[0], p[1]);
            int sends = entry.map(LedgerEntry::sends).orElse(0);
            maxSends = Math.max(maxSends, sends);
            boolean inDlq = deadLettered.contains(p[0] + "/" + p[1])
                    || deadLettered.stream().anyMatch(b -> b.contains("\"purchaseId\":\"" + p[1] + "\"") && b.contains(p[0]));
            LedgerState state = entry.map(LedgerEntry::state).orElse(null);
            if (docs > 1) {
                duplicates++;
            }
            if (docs >= 1) {
                issued++;
            } else if (inDlq) {
                dlq++;
            } else if (state == LedgerState.PARKED || state == LedgerState.FAILED) {
                parked++;
            } else {
                lost++;
            }
        }
        return new Report(purchases.size(), issued, parked, dlq, duplicates, lost, maxSends);
    }

    private static void awaitDrained(AwsClients clients, String queueUrl) throws InterruptedException {
        int emptyChecks = 0;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (emptyChecks < 3 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            var attributes = clients.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            long total = Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            emptyChecks = total == 0 ? emptyChecks + 1 : 0;
        }
    }
}
