package hu.autoinvoice.local.runner;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.connect.AuthSettings;
import hu.autoinvoice.connect.ConnectApiHandler;
import hu.autoinvoice.connect.ConnectApiWiring;
import hu.autoinvoice.connect.TenantThrottleSettings;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The connect API on {@code 127.0.0.1:8080} (docs/DESIGN.md §8): the real {@link ConnectApiHandler} over the AWS stand-ins
 * and the Agent simulator, behind {@link LocalApiGateway}. JWT signatures are not checked locally.
 */
public final class ConnectApiComponent implements LocalComponent {

    private final LocalApiGateway gateway;
    private final AuthSettings auth;

    private ConnectApiComponent(LocalApiGateway gateway, AuthSettings auth) {
        this.gateway = gateway;
        this.auth = auth;
    }

    /** Needs the AWS stand-ins and the simulator started before it. */
    public static ConnectApiComponent start(RunnerContext context) throws IOException {
        AppConfig config = context.aws().appConfig().withSzamlaAgentUrl(context.component(AgentEndpoint.class).agentUrl());
        AuthSettings auth = AuthSettings.fromMap(System.getenv());
        ConnectApiHandler handler = ConnectApiWiring.over(config, context.aws().clients())
                .withAuth(auth)
                .withThrottling(TenantThrottleSettings.fromMap(System.getenv())) // as the Lambda: TENANT_THROTTLE_*
                .withReissuer(context.component(AwsComponent.class).requeue()::reissue)
                .handler();
        ProbeComponent probe = context.component(ProbeComponent.class);
        return new ConnectApiComponent(LocalApiGateway.start(context.options().apiPort(),
                StreamInvoke.of(handler, APIGatewayV2HTTPEvent.class, APIGatewayV2HTTPResponse.class),
                LocalApiGateway.CONNECT_API_ROUTES, Optional.of(() -> probe.runNow().asMap())), auth);
    }

    public LocalApiGateway gateway() {
        return gateway;
    }

    @Override
    public String name() {
        return "Connect API";
    }

    @Override
    public List<String> describe() {
        return List.of(
                String.format("%-22s %saccounts/{accountId}/szamlazz (PUT, GET, DELETE; POST .../reissue)", "connect API", gateway.url()),
                String.format("%-22s %s", "auth", "Authorization: Bearer <JWT>; claim '" + auth.accountClaim()
                        + "' = accountId, or scope '" + auth.opsScope() + "'"),
                "  LOCAL ONLY: the JWT signature is NOT checked (API Gateway's JWT authorizer does that in AWS);",
                "  an unsigned token (alg none) works, a missing or expired one gets 401.",
                String.format("%-22s POST %s%s (answers the probe's report)", "run the probe now", gateway.url(),
                        LocalApiGateway.PROBE_PATH.substring(1)));
    }

    @Override
    public void close() {
        gateway.close();
    }
}
