package hu.autoinvoice.local.runner;

import hu.autoinvoice.aws.ResourceNames;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.issuer.InvoiceIssuerWiring;
import hu.autoinvoice.agent.SzamlaAgentClient;
import hu.autoinvoice.issuer.IssuerSettings;
import java.time.Duration;
import java.util.List;

/** The invoice issuer on the local queue: a {@link QueuePoller} invoking the real handler against the simulator. */
public final class InvoiceIssuerComponent implements LocalComponent {

    private final QueuePoller poller;
    private final String queueUrl;

    private InvoiceIssuerComponent(QueuePoller poller, String queueUrl) {
        this.poller = poller;
        this.queueUrl = queueUrl;
    }

    public static InvoiceIssuerComponent start(RunnerContext context) {
        var aws = context.component(AwsComponent.class);
        AgentEndpoint agent = context.component(AgentEndpoint.class);
        var config = aws.resources().appConfig(agent.agentUrl());
        AgentHttpConfig http = agent.issuerHttp();
        // with the simulator (answers at once) a short lease and settle make retries visible within seconds
        IssuerSettings settings = agent.real() ? IssuerSettings.forAgent(http, System.getenv())
                : new IssuerSettings(Duration.ofSeconds(15), Duration.ofSeconds(2),
                        IssuerSettings.forAgent(http, System.getenv()).perAccountConcurrency(), Duration.ofMinutes(5),
                        ResourceNames.MAX_RECEIVE_COUNT);
        var handler = InvoiceIssuerWiring.over(config, aws.aws().clients()).withAgent(SzamlaAgentClient.overHttp(http))
                .withSettings(settings).handler();
        var queues = aws.resources().queues();
        return new InvoiceIssuerComponent(new QueuePoller(aws.aws().clients().sqs(), queues.queueUrl(), queues.queueArn(),
                StreamInvoke.of(handler, SQSEvent.class, SQSBatchResponse.class)).start(), queues.queueUrl());
    }

    @Override
    public String name() {
        return "invoice issuer (queue poller)";
    }

    @Override
    public List<String> describe() {
        return List.of(String.format("%-22s %s (batches of 10, real handler)", "polling", queueUrl));
    }

    @Override
    public void close() {
        poller.close();
    }

}
