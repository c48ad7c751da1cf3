package hu.autoinvoice.connect;

import static hu.autoinvoice.connect.ConnectApiFixture.accountId;
import static hu.autoinvoice.connect.ConnectApiFixture.json;
import static hu.autoinvoice.connect.ConnectApiFixture.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hu.autoinvoice.testing.TestKeys;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import hu.autoinvoice.account.Account;
import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.account.AccountWrite;
import hu.autoinvoice.account.AgentKeyVault.KeyVaultException;
import hu.autoinvoice.agent.AgentKey;
import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.AwsClients;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.local.CiRequirement;
import hu.autoinvoice.local.agent.AccountState;
import hu.autoinvoice.local.agent.AccountUpdate;
import hu.autoinvoice.local.agent.Faults;
import hu.autoinvoice.local.aws.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The connect API handler driven with the {@code events/connect-api} samples, against the AWS stand-ins and the
 * Számla Agent simulator: connect, every refusal, status, disconnect, re-issue, authorisation, and that the key
 * never shows up in a log line or an answer.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectApiHandlerTest {

    private final List<String> reissued = new CopyOnWriteArrayList<>();
    private final ConnectApiFixture f;

    ConnectApiHandlerTest(AwsClients aws, AppConfig config) {
        CiRequirement.vendorSchemas(); // the simulator validates every request against them
        f = new ConnectApiFixture(aws, config, accountId -> {
            reissued.add(accountId);
            return 3;
        });
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @BeforeEach
    void noFaults() {
        f.simulator.setFaults(Faults.none());
    }

    @Test
    void connectsAWorkingKeyAndAnswersTheStatusWithoutTheKey() {
        String account = accountId();
        String key = f.workingKey();
        Instant before = Instant.now();

        APIGatewayV2HTTPResponse response = f.call(ApiEvents.connect(account, "  " + key + "\\n\\t", false, null));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json; charset=utf-8");
        JsonNode body = json(response);
        assertThat(body.get("connected").asBoolean()).isTrue();
        assertThat(body.get("status").asText()).isEqualTo("HEALTHY");
        assertThat(body.get("keyHint").asText()).isEqualTo(key.substring(38));
        assertThat(body.get("eInvoice").asBoolean()).isFalse();
        assertThat(body.get("invoicePrefix").isNull()).isTrue();
        assertThat(body.get("remediation").get("hu").asText()).isEqualTo(ConnectTexts.remediation(AccountStatus.HEALTHY).hu());
        assertThat(body.get("parkedInvoices").asLong()).isZero();
        assertThat(response.getBody()).doesNotContain(key);

        Account stored = f.store.find(account).orElseThrow();
        assertThat(stored.status()).isEqualTo(AccountStatus.HEALTHY);
        assertThat(stored.statusSince()).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(stored.backfillDue()).isTrue();
        assertThat(stored.keyFingerprint()).isEqualTo(f.fingerprint(key));
        assertThat(new String(stored.encryptedKey().bytes(), StandardCharsets.ISO_8859_1)).doesNotContain(key);
        assertThat(f.vault.decrypt(account, stored.encryptedKey())).isEqualTo(AgentKey.of(key));
        assertThat(f.simulator.documents()).isEmpty();
    }

    @Test
    void aPrefixOrEInvoiceIsCheckedWithAPreviewThatCreatesNothing() {
        String account = accountId();
        String key = f.workingKey();
        long previews = f.simulator.stats().previews();
        APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.PUT_PREFIX_EINVOICE, account);
        event.setBody(event.getBody().replaceAll("\"agentKey\":\\s*\"[a-z0-9]+\"", "\"agentKey\":\"" + key + "\""));

        APIGatewayV2HTTPResponse response = f.call(event);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(json(response).get("invoicePrefix").asText()).isEqualTo("TIX");
        assertThat(json(response).get("eInvoice").asBoolean()).isTrue();
        assertThat(f.simulator.stats().previews()).isEqualTo(previews + 1);
        assertThat(f.simulator.documents()).isEmpty();
        assertThat(f.store.find(account).orElseThrow().invoicePrefix()).contains("TIX");
    }

    @Test
    void aBase64EncodedBodyIsDecoded() {
        String account = accountId();
        APIGatewayV2HTTPEvent event = ApiEvents.connect(account, f.workingKey(), false, null);
        event.setBody(Base64.getEncoder().encodeToString(event.getBody().getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);
        assertThat(f.call(event).getStatusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}|agentKey",
            "{\"agentKey\":null}|agentKey",
            "{\"agentKey\":42}|agentKey",
            "{\"agentKey\":\"   \"}|agentKey",
            "{\"agentKey\":\"abcdefghij klmnopqrstuvwxyz0123456789abcdef\"}|agentKey",
            "{\"agentKey\":\"tooshort\"}|agentKey",
            "{\"agentKey\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef\"}|agentKey",
            "{\"agentKey\":\"abcdefghijklmnopqrstuvwxyz0123456789abcdéf\"}|agentKey",
            "{\"agentKey\":\"" + TestKeys.MARKER + "abcdefghijklmnopqrstuvwxyz0123456\",\"invoicePrefix\":\"TIX-2026/ü\"}|invoicePrefix",
            "{\"agentKey\":\"" + TestKeys.MARKER + "abcdefghijklmnopqrstuvwxyz0123456\",\"invoicePrefix\":\"ABCDEFGHIJK\"}|invoicePrefix",
            "{\"agentKey\":\"" + TestKeys.MARKER + "abcdefghijklmnopqrstuvwxyz0123456\",\"invoicePrefix\":7}|invoicePrefix",
            "{\"agentKey\":\"" + TestKeys.MARKER + "abcdefghijklmnopqrstuvwxyz0123456\",\"eInvoice\":\"yes\"}|eInvoice",
            "{\"agentKey\":\"" + TestKeys.MARKER + "abcdefghijklmnopqrstuvwxyz0123456\",\"apiKey\":\"x\"}|apiKey",
            "{\"agentKey\":\"" + TestKeys.MARKER + "abcdefghijklmnopqrstuvwxyz0123456\",\"agentKey\":\"" + TestKeys.MARKER + "abcdefghijklmnopqrstuvwxyz0123457\"}|body",
            "[1,2]|body",
            "not json|body",
            "|body"})
    void malformedInputIs400WithTheFieldAndNothingIsStoredOrAskedOfTheAgent(String row) {
        String[] parts = row.split("\\|", -1);
        String account = accountId();
        long requests = f.agentCalls();
        APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.PUT, account);
        event.setBody(parts[0]);

        APIGatewayV2HTTPResponse response = f.call(event);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(body.get("fields").findValuesAsText("field")).contains(parts[1]);
        assertThat(body.get("fields").findValuesAsText("messageHu")).allSatisfy(m -> assertThat(m).isNotBlank());
        assertThat(response.getBody()).doesNotContain(TestKeys.MARKER);
        assertThat(f.store.find(account)).isEmpty();
        assertThat(f.agentCalls()).isEqualTo(requests);
    }

    @Test
    void capitalsInTheKeyAreCalledOut() {
        APIGatewayV2HTTPEvent event = ApiEvents.connect(accountId(), newKey().toUpperCase(), false, null);
        JsonNode body = json(f.call(event));
        assertThat(body.get("fields").findValuesAsText("message")).anySatisfy(m -> assertThat(m).contains("lowercase"));
        assertThat(body.get("fields").findValuesAsText("messageHu")).anySatisfy(m -> assertThat(m).contains("kisbetű"));
    }

    @Test
    void aBodyOver4KbIs400() {
        APIGatewayV2HTTPEvent event = ApiEvents.connect(accountId(), newKey(), false, null);
        event.setBody(event.getBody().replace("}", ",\"pad\":\"" + "x".repeat(4100) + "\"}"));
        APIGatewayV2HTTPResponse response = f.call(event);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("fields").findValuesAsText("field")).containsExactly("body");
    }

    @Test
    void anUnknownKeyIsRefusedAsKeyRejected() {
        assertRefused(ApiEvents.connect(accountId(), newKey(), false, null), 422, "KEY_REJECTED", AccountStatus.KEY_REJECTED);
    }

    @Test
    void aDeletedKeyIsRefusedAsKeyRejected() {
        String key = f.workingKey();
        f.simulator.putAccount(key, AccountUpdate.none().withState(AccountState.DELETED));
        assertRefused(ApiEvents.connect(accountId(), key, false, null), 422, "KEY_REJECTED", AccountStatus.KEY_REJECTED);
    }

    @Test
    void debtIsRefusedAsAccountBlocked() {
        String key = f.workingKey();
        f.simulator.putAccount(key, AccountUpdate.none().withState(AccountState.BLOCKED));
        assertRefused(ApiEvents.connect(accountId(), key, false, null), 422, "ACCOUNT_BLOCKED", AccountStatus.ACCOUNT_BLOCKED);
    }

    @Test
    void eInvoiceOutsideThePackageIsRefused() {
        String key = f.workingKey();
        f.simulator.putAccount(key, AccountUpdate.none().withEInvoice(false));
        assertRefused(ApiEvents.connect(accountId(), key, true, null), 422, "EINVOICE_NOT_ALLOWED",
                AccountStatus.EINVOICE_NOT_ALLOWED);
    }

    @Test
    void aPrefixNotCreatedInSzamlazzIsRefused() {
        assertRefused(ApiEvents.connect(accountId(), f.workingKey(), false, "NOPE"), 422, "PREFIX_INVALID",
                AccountStatus.PREFIX_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maintenance", "down", "lost"})
    void anAgentThatCannotAnswerIs503WithRetryAfter(String fault) {
        String key = f.workingKey();
        f.simulator.setFaults(switch (fault) {
            case "maintenance" -> Faults.none().withTransientRate(1.0);
            case "down" -> Faults.none().withDownRate(1.0);
            default -> Faults.none().withLostReplyRate(1.0);
        });
        String account = accountId();

        APIGatewayV2HTTPResponse response = f.call(ApiEvents.connect(account, key, false, null));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("retry-after", ConnectApiHandler.RETRY_AFTER_SECONDS);
        assertThat(json(response).get("code").asText()).isEqualTo("AGENT_UNAVAILABLE");
        assertThat(f.store.find(account)).isEmpty();
        assertThat(f.store.fingerprintHolder(f.fingerprint(key))).isEmpty();
    }

    @Test
    void oneKeyCannotServeTwoAccountsUntilTheFirstDisconnects() {
        String first = accountId();
        String second = accountId();
        String key = f.workingKey();
        assertThat(f.call(ApiEvents.connect(first, key, false, null)).getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse refused = f.call(ApiEvents.connect(second, key, false, null));
        assertThat(refused.getStatusCode()).isEqualTo(409);
        assertThat(json(refused).get("code").asText()).isEqualTo("KEY_IN_USE");
        assertThat(refused.getBody()).doesNotContain(first);
        assertThat(f.store.find(second)).isEmpty();

        assertThat(f.call(ApiEvents.forAccount(ApiEvents.DELETE, first)).getStatusCode()).isEqualTo(204);
        assertThat(f.call(ApiEvents.connect(second, key, false, null)).getStatusCode()).isEqualTo(200);
        assertThat(f.store.fingerprintHolder(f.fingerprint(key))).contains(second);
    }

    @Test
    void reconnectingReplacesTheKeyResetsTheStatusAndReleasesTheOldKey() {
        String account = accountId();
        String oldKey = f.workingKey();
        String newKey = f.workingKey();
        assertThat(f.call(ApiEvents.connect(account, oldKey, false, null)).getStatusCode()).isEqualTo(200);
        Account before = f.store.find(account).orElseThrow();
        Account blocked = ((AccountWrite.Written) f.store.changeStatus(before, AccountStatus.ACCOUNT_BLOCKED,
                "136 login blocked", Instant.now())).account();
        Account backfilled = ((AccountWrite.Written) f.store.markBackfilled(blocked)).account();

        APIGatewayV2HTTPResponse response = f.call(ApiEvents.connect(account, newKey, true, "TIX"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("HEALTHY");
        assertThat(json(response).get("keyHint").asText()).isEqualTo(newKey.substring(38));
        Account after = f.store.find(account).orElseThrow();
        assertThat(after.status()).isEqualTo(AccountStatus.HEALTHY);
        assertThat(after.statusSince()).isAfter(backfilled.statusSince());
        assertThat(after.backfillDue()).isTrue();
        assertThat(after.version()).isGreaterThan(backfilled.version());
        assertThat(f.vault.decrypt(account, after.encryptedKey())).isEqualTo(AgentKey.of(newKey));
        assertThat(f.store.fingerprintHolder(f.fingerprint(oldKey))).isEmpty();
        assertThat(f.store.fingerprintHolder(f.fingerprint(newKey))).contains(account);
        // the old key is free for another account now
        assertThat(f.call(ApiEvents.connect(accountId(), oldKey, false, null)).getStatusCode()).isEqualTo(200);
    }

    @Test
    void reconnectingWithTheSameKeyKeepsItsClaim() {
        String account = accountId();
        String key = f.workingKey();
        assertThat(f.call(ApiEvents.connect(account, key, false, null)).getStatusCode()).isEqualTo(200);
        assertThat(f.call(ApiEvents.connect(account, key, true, null)).getStatusCode()).isEqualTo(200);
        assertThat(f.store.fingerprintHolder(f.fingerprint(key))).contains(account);
        assertThat(f.store.find(account).orElseThrow().eInvoice()).isTrue();
    }

    @Test
    void theStoredCiphertextIsBoundToItsAccount() {
        String account = accountId();
        assertThat(f.call(ApiEvents.connect(account, f.workingKey(), false, null)).getStatusCode()).isEqualTo(200);
        Account stored = f.store.find(account).orElseThrow();
        assertThatThrownBy(() -> f.vault.decrypt(accountId(), stored.encryptedKey()))
                .isInstanceOfSatisfying(KeyVaultException.class, e -> assertThat(e.isPermanent()).isTrue());
    }

    @Test
    void statusShowsHealthRemediationAndParkedInvoices() {
        String account = accountId();
        assertThat(f.call(ApiEvents.connect(account, f.workingKey(), false, null)).getStatusCode()).isEqualTo(200);
        Account connected = f.store.find(account).orElseThrow();
        f.store.changeStatus(connected, AccountStatus.ACCOUNT_BLOCKED, "Bejelentkezési hiba: a fiók zárolva van", Instant.now());
        ledgerItem(account, "P-1", "PARKED");
        ledgerItem(account, "P-2", "PARKED");
        ledgerItem(account, "P-3", "ISSUED");
        ledgerItem(accountId(), "P-1", "PARKED");

        APIGatewayV2HTTPResponse response = f.call(ApiEvents.forAccount(ApiEvents.GET, account));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("connected").asBoolean()).isTrue();
        assertThat(body.get("status").asText()).isEqualTo("ACCOUNT_BLOCKED");
        assertThat(body.get("statusReason").asText()).contains("zárolva");
        assertThat(body.get("remediation").get("en").asText()).contains("bank card").contains("outstanding");
        assertThat(body.get("remediation").get("hu").asText()).isEqualTo(ConnectTexts.remediation(AccountStatus.ACCOUNT_BLOCKED).hu());
        assertThat(body.get("parkedInvoices").asLong()).isEqualTo(2);
        assertThat(body.has("lastProbeAt")).isTrue();
        assertThat(body.has("statusSince")).isTrue();
    }

    @Test
    void statusOfAnAccountNeverConnectedIs404() {
        APIGatewayV2HTTPResponse response = f.call(ApiEvents.forAccount(ApiEvents.GET, accountId()));
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response).get("code").asText()).isEqualTo("NOT_CONNECTED");
    }

    @Test
    void disconnectDeletesTheKeyKeepsTheLedgerAndIsIdempotent() {
        String account = accountId();
        String key = f.workingKey();
        assertThat(f.call(ApiEvents.connect(account, key, false, null)).getStatusCode()).isEqualTo(200);
        ledgerItem(account, "P-9", "ISSUED");

        assertThat(f.call(ApiEvents.forAccount(ApiEvents.DELETE, account)).getStatusCode()).isEqualTo(204);
        assertThat(f.call(ApiEvents.forAccount(ApiEvents.DELETE, account)).getStatusCode()).isEqualTo(204);

        assertThat(f.store.find(account)).isEmpty();
        assertThat(f.store.fingerprintHolder(f.fingerprint(key))).isEmpty();
        assertThat(f.aws.dynamoDb().getItem(b -> b.tableName(f.config.invoicesTable()).consistentRead(true)
                .key(Map.of(Tables.ACCOUNT_ID, AttributeValue.fromS(account), Tables.PURCHASE_ID, AttributeValue.fromS("P-9"))))
                .hasItem()).isTrue();
        assertThat(f.call(ApiEvents.forAccount(ApiEvents.GET, account)).getStatusCode()).isEqualTo(404);
    }

    @Test
    void reissueRoutesToTheReissuerAndAnswersTheCount() {
        String account = accountId();
        assertThat(f.call(ApiEvents.connect(account, f.workingKey(), false, null)).getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse response = f.call(ApiEvents.retarget(ApiEvents.sample(ApiEvents.REISSUE), account));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("requeued").asInt()).isEqualTo(3);
        assertThat(json(response).get("status").asText()).isEqualTo("HEALTHY");
        assertThat(reissued).contains(account);
    }

    /** A blocked (or otherwise unusable) account's invoices would be parked again untried: nothing is re-enqueued. */
    @ParameterizedTest
    @ValueSource(strings = {"ACCOUNT_BLOCKED", "KEY_REJECTED", "EINVOICE_NOT_ALLOWED", "PREFIX_INVALID", "UNKNOWN"})
    void reissueOfAnAccountThatIsNotHealthyRequeuesNothingAndAnswersTheStatusAndWhatToDo(String statusName) {
        AccountStatus status = AccountStatus.valueOf(statusName);
        String account = accountId();
        assertThat(f.call(ApiEvents.connect(account, f.workingKey(), false, null)).getStatusCode()).isEqualTo(200);
        f.store.changeStatus(f.store.find(account).orElseThrow(), status, "refused by Számlázz.hu", Instant.now());

        APIGatewayV2HTTPResponse response = f.call(ApiEvents.forAccount(ApiEvents.REISSUE, account));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("requeued").asInt()).isZero();
        assertThat(body.get("status").asText()).isEqualTo(statusName);
        assertThat(body.get("remediation").get("en").asText()).isEqualTo(ConnectTexts.remediation(status).en());
        assertThat(body.get("remediation").get("hu").asText()).isEqualTo(ConnectTexts.remediation(status).hu());
        assertThat(reissued).as("the reissuer was not called").doesNotContain(account);
    }

    @Test
    void reissueOfAnAccountNotConnectedIs404() {
        String account = accountId();
        APIGatewayV2HTTPResponse response = f.call(ApiEvents.forAccount(ApiEvents.REISSUE, account));
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(reissued).doesNotContain(account);
    }

    @Test
    void aMalformedAccountIdIs400() {
        APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.GET, "bad:id");
        APIGatewayV2HTTPResponse response = f.call(event);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("fields").findValuesAsText("field")).containsExactly("accountId");
    }

    @Test
    void anUnknownRouteIs404() {
        APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.GET, accountId());
        event.setRouteKey("$default");
        event.setPathParameters(null);
        event.setRawPath("/accounts/x/other");
        APIGatewayV2HTTPResponse response = f.call(event);
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).as("API Gateway's own answer to a route it does not have")
                .isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
    }

    @Test
    void aMalformedEscapeInADefaultRoutesPathIs400NotAFailure() {
        for (String segment : List.of("%zz", "org%", "%E0%A4%A")) {
            APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.GET, accountId());
            event.setRouteKey("$default");
            event.setPathParameters(null);
            event.setRawPath("/accounts/" + segment + "/szamlazz");
            APIGatewayV2HTTPResponse response = f.call(event);
            assertThat(response.getStatusCode()).as(segment).isEqualTo(400);
            assertThat(json(response).get("fields").findValuesAsText("field")).containsExactly("accountId");
        }
    }

    @Test
    void aDefaultRouteIsMatchedByMethodAndPath() {
        String account = accountId();
        APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.GET, account);
        event.setRouteKey("$default");
        event.setPathParameters(null);
        assertThat(json(f.call(event)).get("code").asText()).isEqualTo("NOT_CONNECTED");
    }

    @Test
    void unexpectedFailuresAre500WithARequestIdAndNoInternals() {
        AppConfig broken = new AppConfig("no-such-accounts-table", f.config.invoicesTable(), f.config.invoiceQueueUrl(),
                f.config.invoiceDlqUrl(), f.config.agentKeyKmsKeyId(), f.config.fingerprintPepperSecretId(), f.config.outcomeEventBus(),
                f.simulator.url());
        ConnectApiHandler handler = ConnectApiWiring.over(broken, f.aws).withReissuer(id -> 0).handler();
        APIGatewayV2HTTPEvent event = ApiEvents.forAccount(ApiEvents.GET, accountId());

        APIGatewayV2HTTPResponse response = handler.handle(event, null);

        assertThat(response.getStatusCode()).isEqualTo(500);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(body.get("requestId").asText()).isEqualTo(event.getRequestContext().getRequestId());
        assertThat(response.getBody()).doesNotContain("no-such-accounts-table", "ResourceNotFound", "Exception", "at hu.");
    }

    @Nested
    class Authorisation {

        @Test
        void anotherAccountsOrganiserIsForbiddenOnEveryRouteAndNothingIsReadOrWritten() {
            String victim = accountId();
            String key = f.workingKey();
            assertThat(f.call(ApiEvents.connect(victim, key, false, null)).getStatusCode()).isEqualTo(200);
            Account before = f.store.find(victim).orElseThrow();
            long agentRequests = f.agentCalls();
            String attacker = accountId();
            Map<String, String> attackerClaims = Map.of("sub", "u-2", "account_id", attacker, "scope", "autoinvoice/admin");

            for (String sample : ApiEvents.ALL) {
                APIGatewayV2HTTPEvent event = ApiEvents.withClaims(ApiEvents.forAccount(sample, victim), attackerClaims);
                if (event.getBody() != null) {
                    event.setBody(event.getBody().replaceAll("\"agentKey\":\\s*\"[a-z0-9]+\"", "\"agentKey\":\"" + f.workingKey() + "\""));
                }
                APIGatewayV2HTTPResponse response = f.call(event);
                assertThat(response.getStatusCode()).as(sample).isEqualTo(403);
                assertThat(json(response).get("code").asText()).isEqualTo("FORBIDDEN");
                assertThat(response.getBody()).doesNotContain(before.keyHint() + "\"");
            }
            assertThat(f.store.find(victim)).contains(before);
            assertThat(reissued).doesNotContain(victim);
            assertThat(f.agentCalls()).isEqualTo(agentRequests);
        }

        @Test
        void missingOrEmptyClaimsAreForbidden() {
            String account = accountId();
            List<Map<String, String>> claimSets = new java.util.ArrayList<>();
            claimSets.add(null);
            claimSets.add(Map.of());
            claimSets.add(Map.of("sub", "u-3"));
            claimSets.add(Map.of("account_id", ""));
            claimSets.add(Map.of("scope", "autoinvoice/opsx autoinvoice/admin"));
            for (Map<String, String> claims : claimSets) {
                APIGatewayV2HTTPEvent event = ApiEvents.withClaims(ApiEvents.connect(account, f.workingKey(), false, null), claims);
                assertThat(f.call(event).getStatusCode()).as("%s", claims).isEqualTo(403);
            }
            APIGatewayV2HTTPEvent noAuthorizer = ApiEvents.connect(account, f.workingKey(), false, null);
            noAuthorizer.getRequestContext().setAuthorizer(null);
            assertThat(f.call(noAuthorizer).getStatusCode()).isEqualTo(403);
            assertThat(f.store.find(account)).isEmpty();
        }

        @Test
        void theOpsScopeMayActOnAnyAccount() {
            String account = accountId();
            Map<String, String> ops = Map.of("sub", "ops-7", "scope", "openid autoinvoice/ops");
            APIGatewayV2HTTPEvent connect = ApiEvents.withClaims(ApiEvents.connect(account, f.workingKey(), false, null), ops);
            assertThat(f.call(connect).getStatusCode()).isEqualTo(200);
            assertThat(f.call(ApiEvents.withClaims(ApiEvents.forAccount(ApiEvents.GET, account), ops)).getStatusCode()).isEqualTo(200);

            APIGatewayV2HTTPEvent viaScopesList = ApiEvents.withClaims(ApiEvents.forAccount(ApiEvents.GET, account), Map.of("sub", "ops-8"));
            viaScopesList.getRequestContext().getAuthorizer().getJwt().setScopes(List.of("autoinvoice/ops"));
            assertThat(f.call(viaScopesList).getStatusCode()).isEqualTo(200);
        }

        @Test
        void theAccountClaimIsConfigurable() {
            ConnectApiHandler custom = ConnectApiWiring.over(f.config, f.aws)
                    .withAuth(AuthSettings.fromMap(Map.of(AuthSettings.ACCOUNT_CLAIM_VAR, "custom:org")))
                    .withReissuer(id -> 0).handler();
            String account = accountId();
            Map<String, String> claims = new HashMap<>(Map.of("custom:org", account));
            assertThat(custom.handle(ApiEvents.withClaims(ApiEvents.forAccount(ApiEvents.GET, account), claims), null)
                    .getStatusCode()).isEqualTo(404);
            assertThat(custom.handle(ApiEvents.forAccount(ApiEvents.GET, account), null).getStatusCode()).isEqualTo(403);
        }
    }

    private void assertRefused(APIGatewayV2HTTPEvent event, int status, String code, AccountStatus texts) {
        String account = event.getPathParameters().get("accountId");
        APIGatewayV2HTTPResponse response = f.call(event);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isEqualTo(ConnectTexts.remediation(texts).en());
        assertThat(body.get("messageHu").asText()).isEqualTo(ConnectTexts.remediation(texts).hu());
        assertThat(f.store.find(account)).isEmpty();
        assertThat(f.simulator.documents()).isEmpty();
    }

    private void ledgerItem(String account, String purchaseId, String state) {
        f.aws.dynamoDb().putItem(b -> b.tableName(f.config.invoicesTable()).item(Map.of(
                Tables.ACCOUNT_ID, AttributeValue.fromS(account), Tables.PURCHASE_ID, AttributeValue.fromS(purchaseId),
                Tables.STATE, AttributeValue.fromS(state))));
    }
}
