package hu.autoinvoice.connect;

import static hu.autoinvoice.connect.ConnectApiFixture.accountId;
import static hu.autoinvoice.connect.ConnectApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Per-account request budgets over the DynamoDB stand-in: two handlers over the same tables stand for two Lambda
 * containers; one tenant spending its budget is refused (429 TOO_MANY_REQUESTS, Retry-After to the next window)
 * whichever container it reaches, while another tenant, and the same tenant's other class, go on; the next window
 * admits it again; a caller refused as forbidden spends nobody's budget.
 */
@ExtendWith(LocalAwsExtension.class)
class TenantThrottleTest {

    private static final TenantThrottleSettings TIGHT = new TenantThrottleSettings(Duration.ofSeconds(10), 3, 2);

    private final AwsClients aws;
    private final AppConfig config;
    /** Both containers' clock, one second into a window (windows tile time from the epoch). */
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:01Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    TenantThrottleTest(AwsClients aws, AppConfig config) {
        this.aws = aws;
        this.config = config;
    }

    private ConnectApiHandler container() {
        return ConnectApiWiring.over(config, aws).withThrottling(TIGHT).withClock(clock).withReissuer(id -> 0).handler();
    }

    private static APIGatewayV2HTTPResponse status(ConnectApiHandler handler, String account) {
        return handler.handle(ApiEvents.forAccount(ApiEvents.GET, account), null);
    }

    @Test
    void oneTenantOverItsBudgetIsRefusedInEveryContainerWhileAnotherGoesOn() {
        ConnectApiHandler first = container();
        ConnectApiHandler second = container();
        String busy = accountId();
        String quiet = accountId();

        // three reads, spread over both containers: the budget is shared, not per container
        assertThat(status(first, busy).getStatusCode()).isEqualTo(404);
        assertThat(status(second, busy).getStatusCode()).isEqualTo(404);
        assertThat(status(first, busy).getStatusCode()).isEqualTo(404);
        for (ConnectApiHandler handler : new ConnectApiHandler[] {second, first}) {
            APIGatewayV2HTTPResponse refused = status(handler, busy);
            assertThat(refused.getStatusCode()).isEqualTo(429);
            assertThat(json(refused).get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
            assertThat(json(refused).get("messageHu").asText()).isEqualTo(ConnectTexts.error(ErrorCode.TOO_MANY_REQUESTS).hu());
            assertThat(refused.getHeaders()).containsEntry("retry-after", "9");
        }

        assertThat(status(second, quiet).getStatusCode()).as("another tenant is not throttled").isEqualTo(404);
        assertThat(first.handle(ApiEvents.forAccount(ApiEvents.DELETE, busy), null).getStatusCode())
                .as("writes have their own budget").isEqualTo(204);

        now.set(now.get().plusSeconds(9)); // the next window
        assertThat(status(second, busy).getStatusCode()).isEqualTo(404);
        assertThat(counter(busy, RateClass.READ).get(TenantThrottle.REQUESTS).n()).isEqualTo("1");
        assertThat(Long.parseLong(counter(busy, RateClass.READ).get(TenantThrottle.EXPIRES_AT).n()))
                .as("the counter's TTL: a day after its window").isEqualTo(now.get().plus(Duration.ofDays(1)).getEpochSecond() + 10);
    }

    @Test
    void theWriteBudgetIsCountedPerTenantToo() {
        ConnectApiHandler handler = container();
        String account = accountId();
        for (int i = 0; i < TIGHT.writes(); i++) {
            assertThat(handler.handle(ApiEvents.forAccount(ApiEvents.DELETE, account), null).getStatusCode()).isEqualTo(204);
        }
        APIGatewayV2HTTPResponse refused = handler.handle(ApiEvents.forAccount(ApiEvents.REISSUE, account), null);
        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(json(refused).get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(status(handler, account).getStatusCode()).as("reads still go").isEqualTo(404);
    }

    @Test
    void aForbiddenCallerSpendsNoTenantsBudget() {
        ConnectApiHandler handler = container();
        String victim = accountId();
        String intruder = accountId();
        for (int i = 0; i < 10; i++) {
            APIGatewayV2HTTPEvent foreign = ApiEvents.retarget(ApiEvents.forAccount(ApiEvents.GET, intruder), victim);
            assertThat(handler.handle(foreign, null).getStatusCode()).isEqualTo(403);
        }
        for (int i = 0; i < TIGHT.reads(); i++) {
            assertThat(status(handler, victim).getStatusCode()).as("the victim's own budget is whole").isEqualTo(404);
        }
        assertThat(status(handler, victim).getStatusCode()).isEqualTo(429);
    }

    @Test
    void everyRefusalIsCountedAsAMetricWithItsClass() {
        var emf = new java.io.ByteArrayOutputStream();
        var metrics = new hu.autoinvoice.observability.Metrics("Autoinvoice", "connect-api",
                new java.io.PrintStream(emf, true, java.nio.charset.StandardCharsets.UTF_8), clock);
        TenantThrottle throttle = new TenantThrottle(aws.dynamoDb(), config.accountsTable(), TIGHT, clock, metrics);
        String account = accountId();
        for (int i = 0; i < TIGHT.writes(); i++) {
            assertThat(throttle.admit(account, RateClass.WRITE)).isInstanceOf(TenantThrottle.Admitted.class);
        }
        assertThat(emf.toString()).as("nothing refused yet").doesNotContain("RequestsThrottled");
        assertThat(throttle.admit(account, RateClass.WRITE)).isInstanceOf(TenantThrottle.Throttled.class);
        assertThat(throttle.admit(account, RateClass.WRITE)).isInstanceOf(TenantThrottle.Throttled.class); // remembered

        String[] lines = emf.toString().lines().filter(l -> l.contains("RequestsThrottled")).toArray(String[]::new);
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"rateClass\":\"WRITE\"")
                .doesNotContain(account));
    }

    @Test
    void aCounterThatCannotBeReachedLetsTheRequestThrough() {
        AppConfig noAccounts = new AppConfig("no-such-accounts-table", config.invoicesTable(), config.invoiceQueueUrl(),
                config.invoiceDlqUrl(), config.agentKeyKmsKeyId(), config.fingerprintPepperSecretId(),
                config.outcomeEventBus(), config.szamlaAgentUrl());
        TenantThrottle throttle = new TenantThrottle(aws.dynamoDb(), noAccounts.accountsTable(), TIGHT, clock);
        for (int i = 0; i < TIGHT.reads() + 2; i++) {
            assertThat(throttle.admit(accountId(), RateClass.READ)).isInstanceOf(TenantThrottle.Admitted.class);
        }
    }

    private Map<String, AttributeValue> counter(String account, RateClass rateClass) {
        return aws.dynamoDb().getItem(b -> b.tableName(config.accountsTable()).consistentRead(true).key(Map.of(
                Tables.ACCOUNT_ID, AttributeValue.fromS(TenantThrottle.KEY_PREFIX + rateClass.name() + "#" + account)))).item();
    }
}
