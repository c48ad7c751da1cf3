package hu.autoinvoice.local.aws;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The SQS stand-in: ElasticMQ embedded in this JVM on 127.0.0.1, speaking the JSON protocol of SDK v2 (redrive
 * policies, dead-letter queues, {@code StartMessageMoveTask}/{@code ListMessageMoveTasks}, visibility changes).
 */
final class LocalSqs implements AutoCloseable {

    private final SQSRestServer server;
    private final int port;

    private LocalSqs(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts ElasticMQ on {@code port} (0 = any free port). */
    static LocalSqs start(int port, String region, String accountId) {
        var builder = port == 0
                ? SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                : SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port);
        SQSRestServer server = builder.withAWSRegion(region).withAWSAccountId(accountId).start();
        int bound = server.waitUntilStarted().localAddress().getPort();
        return new LocalSqs(server, bound);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
