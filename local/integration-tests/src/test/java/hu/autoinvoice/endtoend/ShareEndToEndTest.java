package hu.autoinvoice.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentTransport;
import hu.autoinvoice.agent.HttpAgentTransport;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.issuer.FairShare;
import hu.autoinvoice.issuer.InvoiceIssuerWiring;
import hu.autoinvoice.issuer.IssuerObserver;
import hu.autoinvoice.issuer.IssuerSettings;
import hu.autoinvoice.issuer.ShareBoard;
import hu.autoinvoice.issuer.ShareSettings;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.AgentSimulatorExtension;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.local.aws.QueuePair;
import hu.autoinvoice.local.aws.ResourceProvisioner;
import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.local.runner.QueuePoller;
import hu.autoinvoice.local.runner.StreamInvoke;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The issuer's share end to end: two issuer containers (two wirings of the real handler, each with its own poller) on
 * one queue and one share board; one organiser's burst beside another's purchases. Records over the share are handed
 * back and still every purchase is issued exactly once, nothing reaches the DLQ, and the board is empty at the end.
 */
@ExtendWith({LocalAwsExtension.class, AgentSimulatorExtension.class})
class ShareEndToEndTest {

    private static AgentSimulator sim;
    private final AwsClients clients;
    private final AppConfig base;

    ShareEndToEndTest(AwsClients clients, AppConfig base) {
        this.clients = clients;
        this.base = base;
    }

    @BeforeAll
    static void simulator(AgentSimulator started) {
        sim = started;
    }

    @Test
    void handedBackRecordsAreNeitherLostNorIssuedTwiceAndTheShareHoldsAcrossContainers() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String accountsTable = "share-e2e-accounts-" + tag;
        ResourceProvisioner.createTable(clients.dynamoDb(), Tables.accounts(accountsTable).build());
        QueuePair queues = IssuerFixtures.queues(clients, "share-" + tag, Duration.ofSeconds(20), 10);
        AppConfig withQueues = IssuerFixtures.withQueues(base, queues, sim);
        AppConfig config = new AppConfig(accountsTable, withQueues.invoicesTable(), withQueues.invoiceQueueUrl(),
                withQueues.invoiceDlqUrl(), withQueues.agentKeyKmsKeyId(), withQueues.fingerprintPepperSecretId(),
                withQueues.outcomeEventBus(), sim.url());
        String big = "big-" + tag;
        String small = "small-" + tag;
        IssuerFixtures.connect(clients, config, sim, big, false);
        IssuerFixtures.connect(clients, config, sim, small, false);
        sim.setFaults(Faults.none().withLatencyMs(150));

        ConcurrentHashMap<String, AtomicInteger> creates = new ConcurrentHashMap<>();
        AtomicInteger handedBack = new AtomicInteger();
        AtomicInteger bigNow = new AtomicInteger();
        AtomicInteger bigMax = new AtomicInteger();
        AgentTransport http = new HttpAgentTransport(AgentHttpConfig.defaults(sim.url()));
        AgentTransport counting = (key, request) -> {
            boolean isBig = request.action() == AgentAction.CREATE_INVOICE && new String(request.xml(), java.nio.charset.StandardCharsets.UTF_8).contains(big);
            if (request.action() == AgentAction.CREATE_INVOICE) {
                creates.computeIfAbsent("all", k -> new AtomicInteger()).incrementAndGet();
            }
            int n = isBig ? bigNow.incrementAndGet() : 0;
            bigMax.accumulateAndGet(n, Math::max);
            try {
                return http.send(key, request);
            } finally {
                if (isBig) {
                    bigNow.decrementAndGet();
                }
            }
        };
        IssuerObserver observer = new IssuerObserver() {
            @Override
            public void handedBack(String accountId) {
                handedBack.incrementAndGet();
            }
        };
        // share 3, 2 of one account per invocation, copies invisible for 1 s
        ShareSettings share = ShareSettings.OFF.withShare(3).withHandBackDelay(Duration.ofSeconds(1));
        IssuerSettings settings = new IssuerSettings(Duration.ofSeconds(5), Duration.ofMillis(500), 2, Duration.ofMinutes(5), 10);
        List<QueuePoller> containers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            var handler = StreamInvoke.of(InvoiceIssuerWiring.over(config, clients).withAgent(new SzamlaAgentClient(counting))
                    .withSettings(settings).withShare(share).withObserver(observer).handler(), SQSEvent.class, SQSBatchResponse.class);
            containers.add(new QueuePoller(clients.sqs(), queues.queueUrl(), queues.queueArn(), handler));
        }

        List<String> purchases = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            purchases.add(big + "|" + big + "-b" + i);
        }
        for (int i = 0; i < 4; i++) {
            purchases.add(small + "|" + small + "-s" + i);
        }
        for (String p : purchases) {
            String[] ap = p.split("\\|");
            String body = IssuerFixtures.paid(ap[0], ap[1], 1, 2990);
            // the big organiser's backend sets the group id, the small one's does not: the issuer reads only the body
            clients.sqs().sendMessage(b -> {
                b.queueUrl(queues.queueUrl()).messageBody(body);
                if (ap[0].equals(big)) {
                    b.messageGroupId(big);
                }
            });
        }

        InvoiceLedger ledger = new InvoiceLedger(clients.dynamoDb(), config.invoicesTable());
        Instant deadline = Instant.now().plusSeconds(90);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (QueuePoller container : containers) {
                running.add(threads.submit(() -> {
                    while (Instant.now().isBefore(deadline) && !allIssued(ledger, purchases)) {
                        container.pollOnce(1);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }

        for (String p : purchases) {
            String[] ap = p.split("\\|");
            assertThat(ledger.find(ap[0], ap[1])).as(p).map(LedgerEntry::state).contains(LedgerState.ISSUED);
        }
        assertThat(creates.get("all").get()).as("one create per purchase: nothing issued twice").isEqualTo(purchases.size());
        assertThat(handedBack.get()).as("records over the share were handed back").isPositive();
        assertThat(bigMax.get()).as("the big organiser's creates at once, across both containers").isLessThanOrEqualTo(4);
        assertThat(dlqDepth(queues)).isZero();
        var board = new ShareBoard(clients.dynamoDb(), accountsTable, new FairShare(3, 2, 10), Clock.systemUTC());
        assertThat(board.inFlight()).as("every hold let go").isEmpty();
    }

    private static boolean allIssued(InvoiceLedger ledger, List<String> purchases) {
        for (String p : purchases) {
            String[] ap = p.split("\\|");
            if (ledger.find(ap[0], ap[1]).map(e -> e.state() != LedgerState.ISSUED).orElse(true)) {
                return false;
            }
        }
        return true;
    }

    private int dlqDepth(QueuePair queues) {
        Map<String, String> a = clients.sqs().getQueueAttributes(b -> b.queueUrl(queues.dlqUrl())
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages")) + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }
}
