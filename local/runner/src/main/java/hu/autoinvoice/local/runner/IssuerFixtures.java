package hu.autoinvoice.local.runner;

import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountStore;
import hu.autoinvoice.account.AgentKeyVault;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.invoice.DocumentType;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.AgentSimulator;
import hu.autoinvoice.local.aws.QueuePair;
import hu.autoinvoice.local.aws.ResourceProvisioner;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Building blocks for local runs of the issuer (chaos run, tests): purchase messages, accounts connected directly
 * through {@link AccountStore} and {@link AgentKeyVault} (and configured in the simulator), private queue pairs.
 */
public final class IssuerFixtures {

    /**
     * In every local (simulator) Agent key made here, the bench and the demo: the test suite's key marker
     * ({@code TestKeys.MARKER}), so the security sweep over the test output finds these keys too.
     */
    public static final String LOCAL_KEY_MARKER = "k3ycanary";

    private IssuerFixtures() {}

    /** A {@code purchase.paid} v1 message: one line of {@code quantity} × {@code unitPrice} HUF gross. */
    public static String paid(String accountId, String purchaseId, int quantity, int unitPrice) {
        return """
                {"type":"purchase.paid","version":1,"purchaseId":"%s","accountId":"%s","paidAt":"2026-11-27T18:05:11Z",\
                "currency":"HUF","paymentMethod":"card","language":"hu","buyer":{"type":"person","name":"Kiss Anna",\
                "email":"anna@example.hu","country":"HU","postalCode":"1051","city":"Budapest","address":"Október 6. utca 7.",\
                "taxNumber":null,"euVatNumber":null},"lines":[{"name":"Napijegy","quantity":"%d","unit":"db",\
                "unitPrice":"%d","priceIncludesVat":true,"vat":"27"}],"sendEmail":false}"""
                .formatted(purchaseId, accountId, quantity, unitPrice);
    }

    /**
     * A {@code purchase.amended} v1 message, revision {@code revision}: the purchase as it now stands — {@code quantity}
     * × {@code unitPrice} HUF gross on one line (no line when {@code quantity} is 0: a whole refund), the buyer the
     * person of {@link #paid} or, when {@code companyName} is given, a Hungarian company of that name.
     */
    public static String amended(String accountId, String purchaseId, long revision, int quantity, int unitPrice,
            Optional<String> companyName) {
        String buyer = companyName.map(name -> """
                {"type":"hu_company","name":"%s","email":"szamla@example.hu","country":"HU","postalCode":"1051",\
                "city":"Budapest","address":"Október 6. utca 7.","taxNumber":"12345676-2-41"}""".formatted(name))
                .orElse("""
                {"type":"person","name":"Kiss Anna","email":"anna@example.hu","country":"HU","postalCode":"1051",\
                "city":"Budapest","address":"Október 6. utca 7.","taxNumber":null,"euVatNumber":null}""");
        String lines = quantity == 0 ? "" : """
                {"name":"Napijegy","quantity":"%d","unit":"db","unitPrice":"%d","priceIncludesVat":true,"vat":"27"}"""
                .formatted(quantity, unitPrice);
        return """
                {"type":"purchase.amended","version":1,"purchaseId":"%s","accountId":"%s","revision":%d,\
                "amendedAt":"2026-11-29T10:00:00Z","paidAt":"2026-11-27T18:05:11Z","currency":"HUF",\
                "paymentMethod":"card","language":"hu","buyer":%s,"lines":[%s],"sendEmail":false}"""
                .formatted(purchaseId, accountId, revision, buyer, lines);
    }

    /** A {@code purchase.refunded} v1 message. */
    public static String refunded(String accountId, String purchaseId) {
        return """
                {"type":"purchase.refunded","version":1,"purchaseId":"%s","accountId":"%s",\
                "refundedAt":"2026-11-28T09:00:00Z","reason":"event cancelled"}""".formatted(purchaseId, accountId);
    }

    /** Configures a fresh key in the simulator and stores a HEALTHY account with it; returns the key. */
    public static AgentKey connect(AwsClients clients, AppConfig config, AgentSimulator simulator, String accountId,
            boolean eInvoice) {
        return connect(clients, config, simulator, accountId, eInvoice, Optional.empty());
    }

    /**
     * As {@link #connect(AwsClients, AppConfig, AgentSimulator, String, boolean)}; with {@code receiptPrefix} the
     * account issues receipts (under that prefix) to private buyers.
     */
    public static AgentKey connect(AwsClients clients, AppConfig config, AgentSimulator simulator, String accountId,
            boolean eInvoice, Optional<String> receiptPrefix) {
        AgentKey key = AgentKey.of(LOCAL_KEY_MARKER + UUID.randomUUID().toString().replace("-", "") + "x");
        simulator.putAccount(key.reveal(), AccountUpdate.none().withEInvoice(true));
        var vault = new AgentKeyVault(clients.kms(), config.agentKeyKmsKeyId());
        Instant now = Instant.now();
        Account account = new Account(accountId, vault.encrypt(accountId, key), key.hint(),
                "fp-" + UUID.randomUUID(), eInvoice, Optional.empty(),
                receiptPrefix.isPresent() ? DocumentType.RECEIPT : DocumentType.INVOICE, receiptPrefix,
                AccountStatus.HEALTHY, "connected", now, Optional.empty(), now, Optional.empty(), 0);
        new AccountStore(clients.dynamoDb(), config.accountsTable()).save(account, OptionalLong.empty());
        return key;
    }

    /** A private queue + DLQ (so runs sharing the stand-ins don't see each other's messages). */
    public static QueuePair queues(AwsClients clients, String name, Duration visibilityTimeout, int maxReceiveCount) {
        return ResourceProvisioner.createQueueWithDlq(clients.sqs(), name, name + "-dlq", maxReceiveCount, visibilityTimeout);
    }

    /** The configuration with the private queues and the simulator's URL. */
    public static AppConfig withQueues(AppConfig config, QueuePair queues, AgentSimulator simulator) {
        return new AppConfig(config.accountsTable(), config.invoicesTable(), queues.queueUrl(), queues.dlqUrl(),
                config.agentKeyKmsKeyId(), config.fingerprintPepperSecretId(), config.outcomeEventBus(),
                simulator.url());
    }
}
