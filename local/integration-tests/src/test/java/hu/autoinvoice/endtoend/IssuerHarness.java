package hu.autoinvoice.endtoend;

import hu.autoinvoice.local.runner.IssuerFixtures;
import hu.autoinvoice.local.runner.QueuePoller;
import hu.autoinvoice.local.runner.StreamInvoke;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import hu.autoinvoice.agent.AgentAction;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.agent.AgentRequest;
import hu.autoinvoice.agent.AgentTransport;
import hu.autoinvoice.agent.HttpAgentTransport;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.agent.TransportOutcome;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.local.aws.ResourceProvisioner;
import hu.autoinvoice.issuer.InvoiceIssuerWiring;
import hu.autoinvoice.issuer.IssuerObserver;
import hu.autoinvoice.issuer.IssuerSettings;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.aws.QueuePair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.model.Message;

/** One private queue pair + the real handler over a counting (optionally failing) transport, for one test. */
final class IssuerHarness {

    /** The test queue's maxReceiveCount (the issuer's {@code maxReceives}). */
    static final int MAX_RECEIVES = 30;

    final AwsClients clients;
    final AppConfig config;
    final QueuePair queues;
    final AgentSimulator sim;
    final ConcurrentHashMap<AgentAction, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** Requests matching this get an I/O failure AFTER being sent (a lost reply for exactly those). */
    volatile Predicate<AgentRequest> loseReply = r -> false;
    /** Requests matching this are never sent; the client sees an I/O failure (outcome unknown, nothing created). */
    volatile Predicate<AgentRequest> failBeforeSending = r -> false;
    /**
     * Creates matching this are answered by the vendor and then the function is killed before it reads the answer
     * (the transport throws, as a crash between the vendor's reply and the ledger write); once each, then off.
     */
    volatile Predicate<AgentRequest> crashAfterCreate = r -> false;
    /** The real handler, called as Lambda does: the event as JSON through its stream entry point. */
    final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    final QueuePoller poller;

    IssuerHarness(AwsClients clients, AppConfig base, AgentSimulator sim) {
        this(clients, base, sim, IssuerObserver.NONE);
    }

    IssuerHarness(AwsClients clients, AppConfig base, AgentSimulator sim, IssuerObserver observer) {
        this.clients = clients;
        this.sim = sim;
        this.queues = IssuerFixtures.queues(clients, "it-" + UUID.randomUUID().toString().substring(0, 8),
                Duration.ofSeconds(1), MAX_RECEIVES);
        this.config = IssuerFixtures.withQueues(base, queues, sim);
        AgentTransport http = new HttpAgentTransport(AgentHttpConfig.defaults(sim.url())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        AgentTransport counting = (key, request) -> {
            calls.computeIfAbsent(request.action(), a -> new AtomicInteger()).incrementAndGet();
            if (failBeforeSending.test(request)) {
                return new TransportOutcome.IoFailure("connection refused (test)");
            }
            TransportOutcome outcome = http.send(key, request);
            if (request.action() == AgentAction.CREATE_INVOICE && crashAfterCreate.test(request)) {
                crashAfterCreate = r -> false;
                throw new IllegalStateException("killed after the Agent answered (test)");
            }
            return loseReply.test(request) ? new TransportOutcome.IoFailure("reply lost (test)") : outcome;
        };
        IssuerSettings settings = new IssuerSettings(Duration.ofSeconds(2), Duration.ofMillis(200), 4, Duration.ofMinutes(5),
                MAX_RECEIVES);
        this.handler = StreamInvoke.of(InvoiceIssuerWiring.over(config, clients).withAgent(new SzamlaAgentClient(counting))
                .withSettings(settings).withObserver(observer).handler(), SQSEvent.class, SQSBatchResponse.class);
        this.poller = new QueuePoller(clients.sqs(), queues.queueUrl(), queues.queueArn(), handler);
    }

    /**
     * A harness with an accounts table of its own, for tests that run the health probe (it scans the whole table and
     * must see only the test's accounts).
     */
    static IssuerHarness withOwnAccountsTable(AwsClients clients, AppConfig base, AgentSimulator sim, String tag) {
        String accountsTable = tag + "-accounts-" + UUID.randomUUID().toString().substring(0, 8);
        ResourceProvisioner.createTable(clients.dynamoDb(), Tables.accounts(accountsTable).build());
        AppConfig own = new AppConfig(accountsTable, base.invoicesTable(), base.invoiceQueueUrl(), base.invoiceDlqUrl(),
                base.agentKeyKmsKeyId(), base.fingerprintPepperSecretId(), base.outcomeEventBus(), sim.url());
        return new IssuerHarness(clients, own, sim);
    }

    /**
     * Sends {@code body} and polls until its create went out with its reply lost (the invoice exists at the vendor,
     * the item stays {@code SENDING}); later calls get their replies again.
     */
    void sendWithLostCreateReply(String body) {
        loseReply = r -> r.action() == AgentAction.CREATE_INVOICE;
        try {
            send(body);
            int before = calls(AgentAction.CREATE_INVOICE);
            Instant deadline = Instant.now().plusSeconds(30);
            while (calls(AgentAction.CREATE_INVOICE) == before && Instant.now().isBefore(deadline)) {
                poller.pollOnce(1);
            }
        } finally {
            loseReply = r -> false;
        }
    }

    int calls(AgentAction action) {
        return calls.getOrDefault(action, new AtomicInteger()).get();
    }

    int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    AgentKey connect(String accountId) {
        return IssuerFixtures.connect(clients, config, sim, accountId, false);
    }

    void send(String... bodies) {
        for (String body : bodies) {
            clients.sqs().sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody(body));
        }
    }

    /** Polls until the queue is empty (in flight included) or 60 s passed. */
    void drain() {
        Instant deadline = Instant.now().plusSeconds(60);
        int idle = 0;
        while (idle < 3 && Instant.now().isBefore(deadline)) {
            int n = poller.pollOnce(1);
            idle = n == 0 && queueEmpty() ? idle + 1 : 0;
        }
    }

    private boolean queueEmpty() {
        var a = clients.sqs().getQueueAttributes(b -> b.queueUrl(queues.queueUrl()).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return "0".equals(a.get("ApproximateNumberOfMessages")) && "0".equals(a.get("ApproximateNumberOfMessagesNotVisible"));
    }

    List<Message> dlq() {
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var got = clients.sqs().receiveMessage(b -> b.queueUrl(queues.dlqUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(1).messageAttributeNames("All")).messages();
            if (got.isEmpty() && !all.isEmpty()) {
                break;
            }
            for (Message m : got) {
                if (all.stream().noneMatch(x -> x.messageId().equals(m.messageId()))) {
                    all.add(m);
                }
            }
        }
        return all;
    }

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
