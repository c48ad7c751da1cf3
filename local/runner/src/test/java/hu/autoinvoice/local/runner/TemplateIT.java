package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import hu.autoinvoice.aws.AppConfig;
import hu.autoinvoice.aws.ResourceNames;
import hu.autoinvoice.connect.AuthSettings;
import hu.autoinvoice.connect.ConnectApiWiring;
import hu.autoinvoice.connect.TenantThrottle;
import hu.autoinvoice.connect.TenantThrottleSettings;
import hu.autoinvoice.ledger.RequeueBound;
import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.issuer.InvoiceIssuerWiring;
import hu.autoinvoice.issuer.IssuerSettings;
import hu.autoinvoice.issuer.ShareSettings;
import hu.autoinvoice.local.aws.ProjectRoot;
import hu.autoinvoice.observability.Metrics;
import hu.autoinvoice.probe.HealthProbeWiring;
import hu.autoinvoice.probe.ProbeSettings;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployable stack (template.yaml) checked against the specification and against the code: the published
 * CloudFormation/SAM resource specification (local/node/check-template.mjs), then one test per deployment rule. Runs as
 * a failsafe IT, after every module is packaged: it opens the functions' shaded {@code *-lambda.jar}s.
 */
class TemplateIT {

    private static final Path ROOT = ProjectRoot.find().orElseThrow(() -> new IllegalStateException("project root not found"));
    private static final String TEMPLATE_TEXT = read(ROOT.resolve("template.yaml"));
    private static final Map<String, Object> TEMPLATE = CfnYaml.parse(TEMPLATE_TEXT);
    private static final Set<String> METRICS = Set.of(Metrics.INVOICES_ISSUED, Metrics.INVOICES_PARKED,
            Metrics.INVOICES_FAILED, Metrics.INVOICES_DEAD_LETTERED, Metrics.AGENT_LATENCY, Metrics.AGENT_ERRORS,
            Metrics.ACCOUNT_STATUS_CHANGES, Metrics.UNHEALTHY_ACCOUNTS, Metrics.PROBE_DURATION);

    // ------------------------------------------------------------------ the published specification

    @Test
    void everyResourceTypeAndPropertyExistsInTheCloudFormationAndSamSpecification() throws Exception {
        Path node = ROOT.resolve("local/node");
        assertThat(node.resolve("node_modules/@aws-cdk/aws-service-spec")).as("run `make test` (npm ci in local/node)").isDirectory();
        Process process = new ProcessBuilder("node", "check-template.mjs", ROOT.resolve("template.yaml").toString())
                .directory(node.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("check-template.mjs findings:%n%s", output).isZero();
        assertThat(output).contains("template OK");
    }

    // ------------------------------------------------------------------ Globals.Function

    @Test
    void functionsRunJava21OnArm64WithSnapStartOnAPublishedAliasActiveTracingAndJsonLogs() {
        Map<String, Object> globals = map(map(TEMPLATE, "Globals"), "Function");
        assertThat(globals.get("Runtime")).isEqualTo("java21");
        assertThat(globals.get("Architectures")).isEqualTo(List.of("arm64"));
        assertThat(map(globals, "SnapStart").get("ApplyOn")).isEqualTo("PublishedVersions");
        assertThat(globals.get("AutoPublishAlias")).isInstanceOf(String.class).asString().isNotBlank();
        assertThat(globals.get("Tracing")).isEqualTo("Active");
        assertThat(map(globals, "LoggingConfig").get("LogFormat")).isEqualTo("JSON");
        for (var function : functions().entrySet()) {
            Map<String, Object> props = map(function.getValue(), "Properties");
            for (String key : List.of("Runtime", "Architectures", "SnapStart", "AutoPublishAlias", "Tracing")) {
                assertThat(props).as("%s must not override Globals.%s", function.getKey(), key).doesNotContainKey(key);
            }
            Object format = map(props, "LoggingConfig").get("LogFormat");
            assertThat(format).as(function.getKey() + " LogFormat").isIn(null, "JSON");
        }
    }

    // ------------------------------------------------------------------ handlers in their jars

    @Test
    void everyHandlerClassIsInItsFunctionsShadedJarAndIsARequestStreamHandler() throws Exception {
        Map<String, String> modules = makefileModules();
        for (var function : functions().entrySet()) {
            String id = function.getKey();
            Map<String, Object> props = map(function.getValue(), "Properties");
            assertThat(map(function.getValue(), "Metadata").get("BuildMethod")).as(id).isEqualTo("makefile");
            assertThat(modules).as("Makefile target build-" + id).containsKey(id);
            Path jar = lambdaJar(modules.get(id));
            String handler = (String) props.get("Handler");
            String className = handler.split("::")[0];
            String method = handler.contains("::") ? handler.split("::")[1] : "handleRequest";
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                assertThat(zip.getEntry(className.replace('.', '/') + ".class")).as(className + " in " + jar).isNotNull();
                // the JSON log backend (hu.autoinvoice.observability.JsonLogProvider) is the jar's only SLF4J provider
                var providers = zip.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider");
                assertThat(providers).as("the functions' SLF4J provider in " + jar).isNotNull();
                assertThat(new String(zip.getInputStream(providers).readAllBytes(), StandardCharsets.UTF_8).strip())
                        .isEqualTo("hu.autoinvoice.observability.JsonLogProvider");
                assertThat(zip.getEntry("log4j2.xml")).as("no log4j2 configuration in " + jar).isNull();
                assertThat(zip.getEntry("org/apache/logging/log4j/core/Logger.class")).as("no log4j2 in " + jar).isNull();
            }
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
                Class<?> type = Class.forName(className, false, loader);
                // a stream handler: the runtime passes bytes, its reflective event serialisation never loads (cold start)
                Class<?> streamHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler", false, loader);
                assertThat(streamHandler.isAssignableFrom(type)).as(className + " implements RequestStreamHandler").isTrue();
                assertThat(type.getConstructor()).as(className + " has the runtime's no-arg constructor").isNotNull();
                // "Class::method" names one method: an overload would make the runtime's choice ambiguous
                assertThat(List.of(type.getMethods()).stream().map(Method::getName).filter(method::equals))
                        .as(handler + " names exactly one public method").hasSize(1);
            }
        }
    }

    // ------------------------------------------------------------------ the SQS consumer

    @Test
    void theIssuersSqsEventReportsBatchItemFailuresWithABoundedBatchAndConcurrencyFromAParameter() {
        Map<String, Object> event = sqsEvent();
        assertThat(list(event, "FunctionResponseTypes")).containsExactly("ReportBatchItemFailures");
        assertThat(((Number) event.get("BatchSize")).intValue()).isBetween(1, 10);
        Object concurrency = map(event, "ScalingConfig").get("MaximumConcurrency");
        assertThat(concurrency).as("MaximumConcurrency is !Ref <Parameter>").isInstanceOf(Map.class);
        assertThat(map(TEMPLATE, "Parameters")).containsKey((String) ((Map<?, ?>) concurrency).get("Ref"));
    }

    @Test
    void theShareDefaultsToWhatOneOrganiserCanUseAtTheDefaultConcurrencyAndHandBacksGoOnlyToTheInvoiceQueue() {
        Map<String, Object> parameters = map(TEMPLATE, "Parameters");
        int concurrency = ((Number) map(parameters, "IssuerMaximumConcurrency").get("Default")).intValue();
        int share = ((Number) map(parameters, "IssuerAccountShare").get("Default")).intValue();
        Map<String, Object> env = map(map(map(functions().get("InvoiceIssuerFunction"), "Properties"), "Environment"), "Variables");
        int perAccount = Integer.parseInt(String.valueOf(env.get(IssuerSettings.PER_ACCOUNT_CONCURRENCY_VAR)));
        // below that the share slows a lone flash sale 1:1 (docs/PERFORMANCE.md, "Fairness between organisers")
        assertThat(share).as("IssuerAccountShare default = IssuerMaximumConcurrency default x per-account concurrency")
                .isEqualTo(concurrency * perAccount);
        assertThat(env.get(ShareSettings.SHARE_VAR)).isEqualTo(Map.of("Ref", "IssuerAccountShare"));
        assertThat(Integer.parseInt(String.valueOf(env.get(ShareSettings.HAND_BACK_DELAY_VAR))))
                .as("SQS DelaySeconds").isBetween(1, 900);
        List<Statement> sends = statements().stream().filter(st -> st.where().startsWith("InvoiceIssuerFunction")
                && st.actions().contains("sqs:SendMessage")).toList();
        assertThat(sends).extracting(st -> String.valueOf(st.resources()).replaceAll("[^A-Za-z]", ""))
                .containsExactlyInAnyOrder("FnGetAttInvoiceRequestsQueueArn", "FnGetAttInvoiceRequestsDlqArn");
    }

    @Test
    void theSqsConsumerHasNoFunctionLevelDeadLetterQueue() {
        String issuer = issuerId();
        assertThat(map(functions().get(issuer), "Properties")).as(issuer + ": the queue's RedrivePolicy is the DLQ")
                .doesNotContainKey("DeadLetterQueue");
        assertThat(map(map(TEMPLATE, "Globals"), "Function")).doesNotContainKey("DeadLetterQueue");
    }

    @Test
    void theIssuersTimeoutHoldsOneAgentCallWithItsMarginAndTheCodeStopsStartingCallsBeforeIt() {
        int timeout = ((Number) map(functions().get(issuerId()), "Properties").get("Timeout")).intValue();
        var settings = hu.autoinvoice.issuer.IssuerSettings.forAgent(
                hu.autoinvoice.agent.AgentHttpConfig.defaults(java.net.URI.create("https://www.szamlazz.hu/szamla/")), Map.of());
        // the issuer starts an Agent call only with callBudget left (connect + request timeout + margin), so one
        // call must fit, with room to spare for the ledger writes before it
        assertThat(Duration.ofSeconds(timeout)).isGreaterThan(settings.callBudget().plusSeconds(30));
    }

    @Test
    void bothTablesDeclareTheKeysAndIndexesTheCodeCreatesLocally() {
        for (var table : List.of(Map.entry("AccountsTable", Tables.accounts("t").build()),
                Map.entry("InvoicesTable", Tables.invoices("t").build()))) {
            Map<String, Object> props = map(resources().get(table.getKey()), "Properties");
            var code = table.getValue();
            assertThat(keyNames(list(props, "KeySchema"))).as(table.getKey())
                    .isEqualTo(code.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList());
            assertThat(list(props, "AttributeDefinitions").stream()
                    .map(d -> castMap(d).get("AttributeName") + ":" + castMap(d).get("AttributeType")).toList())
                    .as(table.getKey()).containsExactlyInAnyOrderElementsOf(code.attributeDefinitions().stream()
                            .map(d -> d.attributeName() + ":" + d.attributeTypeAsString()).toList());
            Map<String, List<String>> declared = new HashMap<>();
            list(props, "GlobalSecondaryIndexes").forEach(i -> declared.put((String) castMap(i).get("IndexName"),
                    keyNames(list(castMap(i), "KeySchema"))));
            Map<String, List<String>> created = new HashMap<>();
            code.globalSecondaryIndexes().forEach(i -> created.put(i.indexName(), i.keySchema().stream()
                    .map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList()));
            assertThat(declared).as(table.getKey()).isEqualTo(created);
        }
    }

    private static List<String> keyNames(List<Object> keySchema) {
        return keySchema.stream().map(k -> castMap(k).get("AttributeName") + ":" + castMap(k).get("KeyType")).toList();
    }

    @Test
    void theQueuesVisibilityTimeoutIsAtLeastSixTimesTheIssuersTimeout() {
        Map<String, Object> queue = map(queue(), "Properties");
        int timeout = ((Number) map(functions().get(issuerId()), "Properties").get("Timeout")).intValue();
        assertThat(((Number) queue.get("VisibilityTimeout")).intValue()).isGreaterThanOrEqualTo(6 * timeout);
    }

    @Test
    void theRedrivePolicyMatchesTheCodesMaxReceiveCountAboveTheFiveSendBudget() {
        Map<String, Object> redrive = map(map(queue(), "Properties"), "RedrivePolicy");
        int maxReceiveCount = ((Number) redrive.get("maxReceiveCount")).intValue();
        assertThat(maxReceiveCount).isEqualTo(ResourceNames.MAX_RECEIVE_COUNT).isGreaterThan(5);
        String dlq = (String) list(map(redrive, "deadLetterTargetArn"), "Fn::GetAtt").getFirst();
        assertThat(resources().get(dlq).get("Type")).isEqualTo("AWS::SQS::Queue");
    }

    @Test
    void theQueuesVisibilityAndRetentionAreTheCodesAndARequeuedCopyCountsAsInFlightForEveryDelivery() {
        Map<String, Object> queue = map(queue(), "Properties");
        assertThat(Duration.ofSeconds(((Number) queue.get("VisibilityTimeout")).longValue())).isEqualTo(ResourceNames.VISIBILITY_TIMEOUT);
        assertThat(Duration.ofSeconds(((Number) queue.get("MessageRetentionPeriod")).longValue())).isEqualTo(ResourceNames.MESSAGE_RETENTION);
        int maxReceiveCount = ((Number) map(queue, "RedrivePolicy").get("maxReceiveCount")).intValue();
        // a received copy is claimed (the mark removed) or dead-lettered before its window ends
        assertThat(RequeueBound.DEFAULT_WINDOW).isGreaterThanOrEqualTo(ResourceNames.VISIBILITY_TIMEOUT.multipliedBy(maxReceiveCount));
        assertThat(RequeueBound.defaults().copiesWithin(ResourceNames.MESSAGE_RETENTION)).as("copies of one item on the queue")
                .isLessThanOrEqualTo(8);
    }

    /**
     * Per-account budgets of the connect API: set from parameters whose defaults are the code's, each account's read
     * budget below the stage throttle (the outer guard, kept), and the counters' TTL attribute enabled on the table
     * that holds them.
     */
    @Test
    void theConnectApisPerAccountBudgetsComeFromParametersUnderTheStageThrottleAndTheirCountersExpire() {
        Map<String, Object> variables = map(map(map(functions().get("ConnectApiFunction"), "Properties"), "Environment"), "Variables");
        Map<String, Object> parameters = map(TEMPLATE, "Parameters");
        Map<String, Integer> defaults = Map.of(TenantThrottleSettings.WINDOW_VAR, (int) TenantThrottleSettings.DEFAULT_WINDOW.toSeconds(),
                TenantThrottleSettings.READS_VAR, TenantThrottleSettings.DEFAULT_READS,
                TenantThrottleSettings.WRITES_VAR, TenantThrottleSettings.DEFAULT_WRITES);
        Map<String, Integer> deployed = new HashMap<>();
        for (var variable : defaults.entrySet()) {
            Object value = variables.get(variable.getKey());
            assertThat(value).as(variable.getKey() + " is !Ref <Parameter>").isInstanceOf(Map.class);
            Map<String, Object> parameter = map(parameters, (String) ((Map<?, ?>) value).get("Ref"));
            assertThat(parameter.get("Type")).isEqualTo("Number");
            assertThat(((Number) parameter.get("Default")).intValue()).as(variable.getKey() + " default").isEqualTo(variable.getValue());
            assertThat(((Number) parameter.get("MinValue")).intValue()).isPositive();
            deployed.put(variable.getKey(), ((Number) parameter.get("Default")).intValue());
        }
        TenantThrottleSettings settings = TenantThrottleSettings.fromMap(Map.of(
                TenantThrottleSettings.WINDOW_VAR, deployed.get(TenantThrottleSettings.WINDOW_VAR).toString(),
                TenantThrottleSettings.READS_VAR, deployed.get(TenantThrottleSettings.READS_VAR).toString(),
                TenantThrottleSettings.WRITES_VAR, deployed.get(TenantThrottleSettings.WRITES_VAR).toString()));
        assertThat(settings).isEqualTo(TenantThrottleSettings.defaults());

        Map<String, Object> stage = map(map(resources().get("ConnectHttpApi"), "Properties"), "DefaultRouteSettings");
        double stageRate = ((Number) stage.get("ThrottlingRateLimit")).doubleValue();
        assertThat(stageRate).as("the stage throttle stays").isPositive();
        assertThat(((Number) stage.get("ThrottlingBurstLimit")).intValue()).isPositive();
        assertThat((double) settings.reads() / settings.window().toSeconds()).as("one account's reads per second")
                .isLessThan(stageRate);

        Map<String, Object> ttl = map(map(resources().get("AccountsTable"), "Properties"), "TimeToLiveSpecification");
        assertThat(ttl.get("AttributeName")).isEqualTo(TenantThrottle.EXPIRES_AT);
        assertThat(String.valueOf(ttl.get("Enabled"))).isEqualTo("true");
        assertThat(statements()).as("the connect API updates its counters in the accounts table")
                .anySatisfy(st -> {
                    assertThat(st.where()).startsWith("ConnectApiFunction.");
                    assertThat(st.actions()).contains("dynamodb:UpdateItem");
                    assertThat(st.resources().toString()).contains("AccountsTable");
                });
    }

    @Test
    void theProbeRunsOneAtATimeAndDropsAThrottledDuplicate() {
        Map<String, Object> probe = map(functions().get(probeId()), "Properties");
        assertThat(((Number) probe.get("ReservedConcurrentExecutions")).intValue()).as("one cursor writer").isEqualTo(1);
        Map<String, Object> async = map(probe, "EventInvokeConfig");
        assertThat(((Number) async.get("MaximumRetryAttempts")).intValue()).isZero();
        assertThat(((Number) async.get("MaximumEventAgeInSeconds")).intValue()).isLessThan(
                ((Number) probe.get("Timeout")).intValue());
    }

    // ------------------------------------------------------------------ IAM

    @Test
    void noIamStatementGrantsEveryActionOrEveryResourceExceptTheCommentedKmsKeyPolicy() {
        List<String> offending = new ArrayList<>();
        for (Statement s : statements()) {
            boolean wildcard = s.actions().stream().anyMatch(a -> a.equals("*") || a.endsWith(":*"))
                    || s.resources().contains("*");
            if (wildcard && !s.keyPolicy()) {
                offending.add(s.where());
            }
        }
        assertThat(offending).as("statements with Action '*' / 'service:*' or Resource '*'").isEmpty();
        // the key policy's exception is explained where it stands
        int keyPolicy = TEMPLATE_TEXT.indexOf("KeyPolicy:");
        String block = TEMPLATE_TEXT.substring(keyPolicy, TEMPLATE_TEXT.indexOf("Resource: '*'", keyPolicy));
        assertThat(block).as("a comment explains Resource '*' in the key policy").containsPattern("#.*Resource '\\*'");
    }

    @Test
    void kmsEncryptAndDecryptAreBoundToTheAccountEncryptionContext() {
        List<Statement> kms = statements().stream()
                .filter(s -> s.actions().stream().anyMatch(a -> a.equals("kms:Encrypt") || a.equals("kms:Decrypt"))).toList();
        assertThat(kms).as("the key policy grants Encrypt and Decrypt").hasSizeGreaterThanOrEqualTo(2);
        for (Statement s : kms) {
            assertThat(s.condition().toString()).as(s.where()).contains("kms:EncryptionContextKeys");
        }
    }

    /**
     * The Agent keys' KMS key: only the connect API encrypts; only the issuer, the probe and the connect API (an
     * invoice's PDF) decrypt; the account's administrators administer it without any use of it (no {@code kms:*}, no
     * delegation to IAM, which would let any role with a broad IAM policy decrypt every stored key).
     */
    @Test
    void onlyTheFunctionsThatNeedItMayUseTheAgentKeysKey() {
        Map<String, Object> key = resources().get("AgentKeysKey");
        Map<String, List<String>> usage = new java.util.TreeMap<>();
        List<String> usageActions = List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:ReEncryptFrom",
                "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKey*", "kms:*");
        for (Object raw : list(map(map(key, "Properties"), "KeyPolicy"), "Statement")) {
            Map<String, Object> statement = castMap(raw);
            List<String> actions = strings(statement.get("Action"));
            Object principal = castMap(statement.get("Principal")).get("AWS");
            List<String> principals = (principal instanceof List<?> l ? l.stream() : java.util.stream.Stream.of(principal))
                    .map(String::valueOf).toList();
            for (String action : actions) {
                assertThat(action).as("no wildcard over every KMS action").isNotEqualTo("kms:*");
                if (usageActions.contains(action) || action.startsWith("kms:ReEncrypt") || action.startsWith("kms:GenerateDataKey")) {
                    assertThat(principals).as(action + " never to the account root").noneMatch(p -> p.contains(":root"));
                    usage.computeIfAbsent(action, a -> new ArrayList<>()).addAll(principals);
                }
            }
        }
        assertThat(usage.keySet()).containsExactly("kms:Decrypt", "kms:Encrypt");
        assertThat(usage.get("kms:Encrypt")).singleElement().asString().contains("ConnectApiFunctionRole");
        assertThat(usage.get("kms:Decrypt")).hasSize(3).allMatch(p -> p.contains("InvoiceIssuerFunctionRole")
                || p.contains("HealthProbeFunctionRole") || p.contains("ConnectApiFunctionRole"));
        assertThat(statements().stream().filter(s -> !s.keyPolicy()).flatMap(s -> s.actions().stream()))
                .as("the roles name no KMS action (the key policy grants them)").noneMatch(a -> a.startsWith("kms:"));
    }

    @Test
    void theAgentEndpointParameterOnlyTakesHttps() {
        Map<String, Object> parameter = map(map(TEMPLATE, "Parameters"), "SzamlaAgentUrl");
        String pattern = String.valueOf(parameter.get("AllowedPattern"));
        assertThat(java.util.regex.Pattern.matches(pattern, String.valueOf(parameter.get("Default")))).isTrue();
        assertThat(java.util.regex.Pattern.matches(pattern, "http://www.szamlazz.hu/szamla/")).isFalse();
        assertThat(java.util.regex.Pattern.matches(pattern, "https://agent.example/szamla/")).isTrue();
    }

    @Test
    void outcomeEventsArePutOnlyOnTheStacksOwnBusAndOnlyByTheIssuerAndTheProbe() {
        Map<String, Object> bus = resources().get("OutcomeEventBus");
        assertThat(bus).as("the outcome events' bus").isNotNull();
        assertThat(bus.get("Type")).isEqualTo("AWS::Events::EventBus");
        Object variable = map(map(map(map(TEMPLATE, "Globals"), "Function"), "Environment"), "Variables")
                .get(AppConfig.OUTCOME_EVENT_BUS_VAR);
        assertThat(String.valueOf(variable)).as("the functions are told the bus").contains("OutcomeEventBus");
        List<Statement> puts = statements().stream()
                .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("events:"))).toList();
        assertThat(puts).extracting(s -> s.where().substring(0, s.where().indexOf('.')))
                .containsExactlyInAnyOrder(issuerId(), probeId());
        for (Statement s : puts) {
            assertThat(s.actions()).as(s.where()).containsExactly("events:PutEvents");
            assertThat(s.resources()).as(s.where()).singleElement().asString().contains("OutcomeEventBus");
        }
    }

    // ------------------------------------------------------------------ logs and configuration

    @Test
    void everyFunctionLogsToItsOwnLogGroupWithRetention() {
        for (var function : functions().entrySet()) {
            Object group = map(map(function.getValue(), "Properties"), "LoggingConfig").get("LogGroup");
            assertThat(group).as(function.getKey() + " LoggingConfig.LogGroup is !Ref <LogGroup>").isInstanceOf(Map.class);
            Map<String, Object> logGroup = resources().get((String) ((Map<?, ?>) group).get("Ref"));
            assertThat(logGroup).as(function.getKey() + " log group resource").isNotNull();
            assertThat(logGroup.get("Type")).isEqualTo("AWS::Logs::LogGroup");
            assertThat(map(logGroup, "Properties")).containsKey("RetentionInDays");
        }
    }

    @Test
    void everyFunctionGetsTheEnvironmentItsCodeReadsAndNothingElse() {
        AppConfig sample = new AppConfig("a", "i", "q", "d", "k", "s", "b", java.net.URI.create("https://example.org/"));
        Set<String> required = new TreeSet<>(sample.toEnvironment().keySet());
        required.add("METRICS_NAMESPACE");
        Map<String, Set<String>> specific = Map.of(
                "ConnectApiFunction", Set.of(AuthSettings.ACCOUNT_CLAIM_VAR, AuthSettings.OPS_SCOPE_VAR,
                        TenantThrottleSettings.WINDOW_VAR, TenantThrottleSettings.READS_VAR, TenantThrottleSettings.WRITES_VAR),
                "InvoiceIssuerFunction", Set.of(IssuerSettings.PER_ACCOUNT_CONCURRENCY_VAR, ShareSettings.SHARE_VAR,
                        ShareSettings.HAND_BACK_DELAY_VAR),
                "HealthProbeFunction", Set.of(ProbeSettings.CONCURRENCY_VAR, ProbeSettings.SEGMENTS_VAR,
                        ProbeSettings.PAGE_SIZE_VAR, ProbeSettings.SAFETY_MARGIN_VAR));
        Set<String> global = map(map(map(map(TEMPLATE, "Globals"), "Function"), "Environment"), "Variables").keySet();
        assertThat(functions().keySet()).containsExactlyInAnyOrderElementsOf(specific.keySet());
        for (var function : functions().entrySet()) {
            Set<String> vars = new HashSet<>(global);
            vars.addAll(map(map(map(function.getValue(), "Properties"), "Environment"), "Variables").keySet());
            assertThat(vars).as(function.getKey() + " environment").containsAll(required);
            Set<String> known = new HashSet<>(required);
            known.addAll(specific.get(function.getKey()));
            assertThat(known).as(function.getKey() + ": every variable is read by the code").containsAll(vars);
        }
    }

    @Test
    void theConnectFunctionServesExactlyTheLocalRunnersRoutes() {
        Set<String> declared = new TreeSet<>();
        for (var function : functions().entrySet()) {
            for (Object value : map(map(function.getValue(), "Properties"), "Events").values()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> event = (Map<String, Object>) value;
                if ("HttpApi".equals(event.get("Type"))) {
                    assertThat(function.getKey()).isEqualTo("ConnectApiFunction");
                    declared.add(map(event, "Properties").get("Method") + " " + map(event, "Properties").get("Path"));
                }
            }
        }
        Set<String> local = new TreeSet<>();
        LocalApiGateway.CONNECT_API_ROUTES.forEach(r -> local.add(r.method() + " " + r.template()));
        assertThat(declared).isEqualTo(local);
    }

    @Test
    void alarmsOnOurNamespaceReadMetricsTheCodeWrites() {
        Set<String> services = Set.of(ConnectApiWiring.SERVICE, InvoiceIssuerWiring.SERVICE, HealthProbeWiring.SERVICE);
        int ours = 0;
        for (Map<String, Object> resource : resources().values()) {
            if (!"AWS::CloudWatch::Alarm".equals(resource.get("Type"))) {
                continue;
            }
            Map<String, Object> props = map(resource, "Properties");
            if ("Autoinvoice".equals(props.get("Namespace"))) {
                ours++;
                assertThat(METRICS).contains((String) props.get("MetricName"));
                assertThat(list(props, "Dimensions")).anySatisfy(d -> {
                    assertThat(((Map<?, ?>) d).get("Name")).isEqualTo("service");
                    assertThat(services).contains((String) ((Map<?, ?>) d).get("Value"));
                });
            }
        }
        assertThat(ours).as("the UnhealthyAccounts alarm").isPositive();
    }

    // ------------------------------------------------------------------ helpers

    private record Statement(String where, List<String> actions, List<String> resources, Map<String, Object> condition,
            boolean keyPolicy) {}

    private static List<Statement> statements() {
        List<Statement> result = new ArrayList<>();
        for (var entry : resources().entrySet()) {
            Map<String, Object> props = map(entry.getValue(), "Properties");
            Object type = entry.getValue().get("Type");
            if ("AWS::Serverless::Function".equals(type)) {
                for (Object policy : list(props, "Policies")) {
                    if (policy instanceof Map<?, ?> p && p.get("Statement") != null) {
                        collect(entry.getKey() + ".Policies", (List<?>) p.get("Statement"), false, result);
                    } else {
                        fail(entry.getKey() + ": only inline statements are checked, found " + policy);
                    }
                }
            } else if ("AWS::KMS::Key".equals(type)) {
                collect(entry.getKey() + ".KeyPolicy", list(map(props, "KeyPolicy"), "Statement"), true, result);
            } else if (type instanceof String t && t.startsWith("AWS::IAM::")) {
                collect(entry.getKey(), list(map(props, "PolicyDocument"), "Statement"), false, result);
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void collect(String where, List<?> statements, boolean keyPolicy, List<Statement> into) {
        for (Object raw : statements) {
            Map<String, Object> s = (Map<String, Object>) raw;
            into.add(new Statement(where + "." + s.getOrDefault("Sid", "?"), strings(s.get("Action")),
                    strings(s.get("Resource")), s.get("Condition") == null ? Map.of() : (Map<String, Object>) s.get("Condition"),
                    keyPolicy));
        }
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }

    private static Map<String, Map<String, Object>> resources() {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        map(TEMPLATE, "Resources").forEach((k, v) -> result.put(k, castMap(v)));
        return result;
    }

    private static Map<String, Map<String, Object>> functions() {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        resources().forEach((k, v) -> {
            if ("AWS::Serverless::Function".equals(v.get("Type"))) {
                result.put(k, v);
            }
        });
        return result;
    }

    /** The one function with an SQS event. */
    private static String probeId() {
        List<String> scheduled = functions().entrySet().stream().filter(f -> map(map(f.getValue(), "Properties"), "Events")
                .values().stream().anyMatch(e -> "ScheduleV2".equals(castMap(e).get("Type")))).map(Map.Entry::getKey).toList();
        assertThat(scheduled).hasSize(1);
        return scheduled.getFirst();
    }

    private static String issuerId() {
        List<String> consumers = functions().entrySet().stream().filter(f -> map(map(f.getValue(), "Properties"), "Events")
                .values().stream().anyMatch(e -> "SQS".equals(castMap(e).get("Type")))).map(Map.Entry::getKey).toList();
        assertThat(consumers).hasSize(1);
        return consumers.getFirst();
    }

    private static Map<String, Object> sqsEvent() {
        return map(castMap(map(map(functions().get(issuerId()), "Properties"), "Events").values().stream()
                .filter(e -> "SQS".equals(castMap(e).get("Type"))).findFirst().orElseThrow()), "Properties");
    }

    /** The queue the issuer consumes. */
    private static Map<String, Object> queue() {
        String id = (String) list(map(sqsEvent(), "Queue"), "Fn::GetAtt").getFirst();
        return resources().get(id);
    }

    /** {@code build-<LogicalId>: ; $(call sam_build,<module>)} lines of the Makefile. */
    private static Map<String, String> makefileModules() {
        Map<String, String> modules = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^build-(\\w+):.*sam_build,([\\w-]+)\\)").matcher(read(ROOT.resolve("Makefile")));
        while (m.find()) {
            modules.put(m.group(1), m.group(2));
        }
        return modules;
    }

    private static Path lambdaJar(String module) throws IOException {
        Path target = ROOT.resolve("functions").resolve(module).resolve("target");
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, module + "-*-lambda.jar")) {
                found.forEach(jars::add);
            }
        }
        assertThat(jars).as("the shaded jar of %s (mvn package / make test builds it)", module).hasSize(1);
        return jars.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value == null ? Map.of() : castMap(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? List.of() : (List<Object>) value;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
