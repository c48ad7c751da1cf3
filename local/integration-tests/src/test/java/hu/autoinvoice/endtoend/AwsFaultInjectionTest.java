package hu.autoinvoice.endtoend;

import hu.autoinvoice.local.runner.IssuerFixtures;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.issuer.InvoiceIssuerHandler;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.issuer.InvoiceIssuerWiring;
import hu.autoinvoice.issuer.IssuerSettings;
import hu.autoinvoice.ledger.Cause;
import hu.autoinvoice.ledger.ClaimedItem;
import hu.autoinvoice.ledger.Reason;
import hu.autoinvoice.ledger.Claim;
import hu.autoinvoice.ledger.PurchaseClaim;
import hu.autoinvoice.ledger.InvoiceLedger;
import hu.autoinvoice.ledger.LedgerEntry;
import hu.autoinvoice.ledger.LedgerState;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.agent.AgentSimulatorExtension;
import hu.autoinvoice.local.aws.LocalAws;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import hu.autoinvoice.local.aws.QueuePair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Faults in AWS at each call site of the issuer: an SDK {@link ExecutionInterceptor} on the real clients throws a
 * throttling error or a 5xx for the first call that matches the site (thrown before the SDK's own retries, i.e. as if
 * they were exhausted). Each time the record is reported as a batch item failure, and redelivering it ends with the
 * purchase invoiced exactly once (or parked, or dead-lettered exactly once): never lost, never duplicated.
 */
@ExtendWith({LocalAwsExtension.class, AgentSimulatorExtension.class})
class AwsFaultInjectionTest {

    /** Where the fault hits. */
    enum Site {
        ACCOUNT_READ, CLAIM, RECORD_SEND, ISSUE_WRITE_AFTER_CREATE, PARK, KMS_DECRYPT, DLQ_SEND
    }

    /** Throttling or a server error, per service. */
    enum Kind { THROTTLING, SERVER_ERROR }

    private static AgentSimulator sim;
    private static final FaultInterceptor FAULTS = new FaultInterceptor();
    private static AwsClients clients;
    private static AppConfig config;
    private static QueuePair queues;
    private static InvoiceIssuerHandler handler;

    @BeforeAll
    static void start(LocalAws aws, AppConfig base, AgentSimulator started) {
        sim = started; // one per class, closed after it (AgentSimulatorExtension)
        clients = AwsClients.of(
                aws.dynamoDbClientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(FAULTS)).build(),
                aws.sqsClientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(FAULTS)).build(),
                aws.kmsClientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(FAULTS)).build(),
                aws.secretsManagerClientBuilder().build(),
                aws.eventBridgeClientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(FAULTS)).build());
        queues = IssuerFixtures.queues(aws.clients(), "faults-" + UUID.randomUUID().toString().substring(0, 8),
                Duration.ofSeconds(1), 30);
        config = IssuerFixtures.withQueues(base, queues, sim);
        AgentHttpConfig http = AgentHttpConfig.defaults(sim.url()).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));
        IssuerSettings settings = new IssuerSettings(Duration.ofMillis(800), Duration.ofMillis(200), 4, Duration.ofMinutes(5),
                30);
        handler = InvoiceIssuerWiring.over(config, clients).withAgent(SzamlaAgentClient.overHttp(http))
                .withSettings(settings).handler();
    }

    @AfterAll
    static void stop() {
        clients.close();
    }

    @ParameterizedTest(name = "{0} fails with {1}")
    @EnumSource(Site.class)
    void aFaultAtEverySiteIsRetriedNeverLostNeverDuplicated(Site site) throws Exception {
        for (Kind kind : Kind.values()) {
            runScenario(site, kind);
        }
    }

    private void runScenario(Site site, Kind kind) throws Exception {
        String accountId = "org-fault-" + UUID.randomUUID().toString().substring(0, 8);
        String purchaseId = "P-" + site.name().toLowerCase() + "-" + kind.ordinal();
        IssuerFixtures.connect(clients, config, sim, accountId, false);
        if (site == Site.PARK) {
            AccountStore store = new AccountStore(clients.dynamoDb(), config.accountsTable());
            Account account = store.find(accountId).orElseThrow();
            store.changeStatus(account, AccountStatus.ACCOUNT_BLOCKED, "blocked (test)", Instant.now());
        }
        String body = site == Site.DLQ_SEND ? "{\"type\":\"purchase.paid\",\"accountId\":\"" + accountId
                + "\",\"purchaseId\":\"" + purchaseId + "\",\"broken\":" : IssuerFixtures.paid(accountId, purchaseId, 1, 12_990);
        if (site == Site.RECORD_SEND) {
            // a fresh purchase's claim counts its first create itself; recordSend counts the creates of an item
            // that already exists (here: parked earlier, e.g. while the account was blocked)
            InvoiceLedger ledger = new InvoiceLedger(clients.dynamoDb(), config.invoicesTable());
            var parked = (Claim.Claimed) ledger.claim(new PurchaseClaim(accountId, purchaseId, "ai:" + accountId + ":" + purchaseId, body, Instant.now(), stored -> true), Instant.now(), Duration.ofMillis(1), Duration.ofMillis(1), Optional.empty());
            ledger.park(new ClaimedItem(accountId, purchaseId, parked.token()), new Cause(Reason.ACCOUNT_BLOCKED, "parked before the test"), Instant.now());
        }

        FAULTS.arm(kind, call -> matches(site, call, accountId));
        SQSEvent event = event(body);
        SQSBatchResponse first = handler.handle(event, null);
        assertThat(FAULTS.fired()).as("the fault was injected at %s", site).isEqualTo(1);
        assertThat(first.getBatchItemFailures()).as("the record is reported for retry")
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m-1");

        // SQS redelivers until acknowledged (a live lease answers "retry later" for a while)
        Instant deadline = Instant.now().plusSeconds(20);
        SQSBatchResponse again;
        do {
            Thread.sleep(250);
            again = handler.handle(event, null);
        } while (!again.getBatchItemFailures().isEmpty() && Instant.now().isBefore(deadline));
        assertThat(again.getBatchItemFailures()).as("acknowledged in the end").isEmpty();
        assertThat(FAULTS.fired()).as("injected once only").isEqualTo(1);

        String externalId = "ai:" + accountId + ":" + purchaseId;
        int invoices = sim.documentsByExternalId(externalId).size();
        var entry = new InvoiceLedger(clients.dynamoDb(), config.invoicesTable()).find(accountId, purchaseId);
        switch (site) {
            case PARK -> {
                assertThat(invoices).isZero();
                assertThat(entry.map(LedgerEntry::state)).contains(LedgerState.PARKED);
            }
            case DLQ_SEND -> {
                assertThat(entry).isEmpty();
                List<String> reasons = dlqReasonsFor(accountId);
                assertThat(reasons).as("dead-lettered exactly once, with a reason").containsExactly("INVALID_MESSAGE");
            }
            default -> {
                assertThat(invoices).as("exactly one invoice for %s after %s at %s", purchaseId, kind, site).isEqualTo(1);
                assertThat(entry.map(LedgerEntry::state)).contains(LedgerState.ISSUED);
            }
        }
    }

    private static boolean matches(Site site, Call call, String accountId) {
        return switch (site) {
            case ACCOUNT_READ -> call.request() instanceof GetItemRequest g && g.tableName().equals(config.accountsTable())
                    && g.key().values().stream().anyMatch(v -> accountId.equals(v.s()));
            case CLAIM -> ledgerUpdate(call, accountId, "#state = :sending");
            case RECORD_SEND -> ledgerUpdate(call, accountId, "ADD #sends :one");
            case ISSUE_WRITE_AFTER_CREATE -> ledgerUpdate(call, accountId, "#state = :issued");
            case PARK -> ledgerUpdate(call, accountId, "#state = :state");
            case KMS_DECRYPT -> call.operation().equals("Decrypt");
            case DLQ_SEND -> call.request() instanceof SendMessageRequest s && s.queueUrl().equals(queues.dlqUrl());
        };
    }

    private static boolean ledgerUpdate(Call call, String accountId, String expressionPart) {
        return call.request() instanceof UpdateItemRequest u && u.tableName().equals(config.invoicesTable())
                && u.updateExpression().contains(expressionPart)
                && u.key().values().stream().anyMatch(v -> accountId.equals(v.s()));
    }

    private static SQSEvent event(String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("m-1");
        m.setBody(body);
        m.setEventSource("aws:sqs");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(m));
        return event;
    }

    private static List<String> dlqReasonsFor(String accountId) {
        List<String> reasons = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int wait = i == 0 ? 1 : 0;
            var got = clients.sqs().receiveMessage(b -> b.queueUrl(queues.dlqUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(wait).visibilityTimeout(30).messageAttributeNames("All")).messages();
            if (got.isEmpty()) {
                break;
            }
            got.stream().filter(m -> m.body().contains(accountId))
                    .forEach(m -> reasons.add(m.messageAttributes().get("reason").stringValue()));
        }
        return reasons;
    }

    /** One SDK call as the interceptor sees it. */
    record Call(String service, String operation, SdkRequest request) {}

    /** Throws once, for the first call matching the armed rule. */
    static final class FaultInterceptor implements ExecutionInterceptor {
        private volatile Predicate<Call> rule = c -> false;
        private volatile Kind kind = Kind.SERVER_ERROR;
        private final AtomicInteger fired = new AtomicInteger();

        void arm(Kind kind, Predicate<Call> rule) {
            this.kind = kind;
            this.fired.set(0);
            this.rule = rule;
        }

        int fired() {
            return fired.get();
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            Call call = new Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request());
            if (rule.test(call)) {
                rule = c -> false;
                fired.incrementAndGet();
                throw exception(call.service(), kind);
            }
        }

        private static AwsServiceException exception(String service, Kind kind) {
            boolean throttle = kind == Kind.THROTTLING;
            String code = throttle ? "ThrottlingException" : "InternalFailure";
            AwsErrorDetails details = AwsErrorDetails.builder().errorCode(code).serviceName(service)
                    .errorMessage("injected by the test").build();
            int status = throttle ? 400 : 500;
            return switch (service) {
                case "DynamoDb" -> throttle
                        ? ProvisionedThroughputExceededException.builder().statusCode(status).awsErrorDetails(details)
                                .message("injected throttling").build()
                        : DynamoDbException.builder().statusCode(status).awsErrorDetails(details).message("injected 500").build();
                case "Kms" -> KmsException.builder().statusCode(status).awsErrorDetails(details).message("injected").build();
                default -> SqsException.builder().statusCode(status).awsErrorDetails(details).message("injected").build();
            };
        }
    }

}
