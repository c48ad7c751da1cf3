package hu.autoinvoice.local.aws;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.aws.Tables;
import hu.autoinvoice.local.CiRequirement;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Differential test: the same seeded random sequences of DynamoDB calls, through real SDK clients, to dynalite and to
 * {@link FakeDynamoDb}, must give the same results: returned items and attributes (numbers as strings, so
 * normalisation counts), condition failure or success, error types, query and scan pages (order, counts,
 * LastEvaluatedKey), and finally the same table contents. The calls are those the project makes (InvoiceLedger,
 * AccountStore, ProbeCursorStore, ParkedInvoices, InvoiceRequeue, the probe's parallel scan) plus generic ones.
 * <p>
 * Scan order and segments are dynalite's (MD5 of the partition key), which the fake copies; real DynamoDB defines no
 * scan order, so nothing in the project may depend on it. Error messages are shown on a mismatch but not compared.
 * <p>
 * Where dynalite and DynamoDB differ the fake follows DynamoDB; no call made here needed such an exception. Calls
 * left out on purpose: ConsumedCapacity (the fake reports none), items near the 400 KB limit (the fake's size is an
 * estimate), LSIs and the legacy parameters (the fake refuses them). Numbers: both refuse {@code +4} and accept
 * {@code 1e1}, {@code 007}, {@code 0.000}, and write them back normalised ({@code 10}, {@code 7}, {@code 0}).
 */
class FakeDynamoDbDifferentialTest {

    private static final String LEDGER = "ledger";
    private static final String ACCOUNTS = "accounts";
    private static final String[] STATES = {"PARKED", "SENDING", "ISSUED", "FAILED", "REVERSED"};

    private static Dynalite dynalite;
    private static AwsJsonServer fakeServer;
    private static DynamoDbClient real;
    private static DynamoDbClient fake;

    @BeforeAll
    static void start() throws Exception {
        if (NodeTools.dynalite() instanceof NodeTools.Availability.Missing missing) {
            throw CiRequirement.missing("dynalite cannot run here: " + missing.reason());
        }
        dynalite = Dynalite.start(0);
        fakeServer = AwsJsonServer.start(0, List.of(new FakeDynamoDb("eu-central-1", "000000000000")));
        real = client(dynalite.endpoint());
        fake = client(fakeServer.endpoint());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {real, fake, fakeServer, dynalite}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void sameResultsAsDynalite(long seed) {
        String suffix = "-" + seed;
        both(c -> c.createTable(Tables.invoices(LEDGER + suffix).build()).tableDescription().keySchema().toString(), "create ledger");
        both(c -> c.createTable(Tables.accounts(ACCOUNTS + suffix).build()).tableDescription().keySchema().toString(), "create accounts");
        Run run = new Run(new Random(seed), LEDGER + suffix, ACCOUNTS + suffix);
        for (int i = 0; i < 550; i++) {
            run.step(i);
        }
        both(c -> scanAll(c, LEDGER + suffix), "final ledger contents");
        both(c -> scanAll(c, ACCOUNTS + suffix), "final accounts contents");
        both(c -> c.deleteTable(b -> b.tableName(LEDGER + suffix)).tableDescription().tableName(), "delete ledger");
        both(c -> c.deleteTable(b -> b.tableName(ACCOUNTS + suffix)).tableDescription().tableName(), "delete accounts");
        assertThat(run.conditionFailures).as("conditional writes that failed").isGreaterThan(20);
        assertThat(run.successes).as("calls that succeeded").isGreaterThan(200);
    }

    private static String scanAll(DynamoDbClient c, String table) {
        List<String> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder b = ScanRequest.builder().tableName(table).limit(7);
            if (start != null) {
                b.exclusiveStartKey(start);
            }
            ScanResponse r = c.scan(b.build());
            r.items().forEach(i -> items.add(canon(i)));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return String.join("\n", items);
    }

    // ---- comparing ----

    /** Runs {@code call} on both; the results (or error types) must agree. Error messages are shown, not compared. */
    private static String both(Function<DynamoDbClient, String> call, String what) {
        String[] messages = new String[2];
        String expected = outcome(real, call, messages, 0);
        String actual = outcome(fake, call, messages, 1);
        assertThat(actual).as(what + " (dynalite said: " + messages[0] + "; fake said: " + messages[1] + ")").isEqualTo(expected);
        return expected;
    }

    private static String outcome(DynamoDbClient client, Function<DynamoDbClient, String> call, String[] messages, int slot) {
        try {
            return "OK " + call.apply(client);
        } catch (DynamoDbException e) {
            messages[slot] = e.awsErrorDetails().errorMessage();
            return "ERROR " + e.getClass().getSimpleName() + " " + e.awsErrorDetails().errorCode();
        }
    }

    static String canon(Map<String, AttributeValue> item) {
        if (item == null) {
            return "null";
        }
        return new TreeMap<>(item).entrySet().stream().map(e -> e.getKey() + "=" + canon(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    static String canon(AttributeValue v) {
        return switch (v.type()) {
            case S -> "S:" + v.s();
            case N -> "N:" + v.n();
            case B -> "B:" + v.b().asUtf8String();
            case BOOL -> "BOOL:" + v.bool();
            case NUL -> "NULL";
            case M -> "M:" + canon(v.m());
            case L -> v.l().stream().map(FakeDynamoDbDifferentialTest::canon).collect(Collectors.joining(", ", "L:[", "]"));
            case SS -> "SS:" + v.ss().stream().sorted().toList();
            case NS -> "NS:" + v.ns().stream().sorted().toList();
            case BS -> "BS:" + v.bs().stream().map(SdkBytes::asUtf8String).sorted().toList();
            default -> "?";
        };
    }

    private static String page(QueryResponse r) {
        return (r.hasItems() ? r.items().stream().map(FakeDynamoDbDifferentialTest::canon).toList() : "no items")
                + " count=" + r.count() + " scanned=" + r.scannedCount()
                + " last=" + (r.hasLastEvaluatedKey() ? canon(r.lastEvaluatedKey()) : "none");
    }

    private static String page(ScanResponse r) {
        return (r.hasItems() ? r.items().stream().map(FakeDynamoDbDifferentialTest::canon).toList() : "no items")
                + " count=" + r.count() + " scanned=" + r.scannedCount()
                + " last=" + (r.hasLastEvaluatedKey() ? canon(r.lastEvaluatedKey()) : "none");
    }

    // ---- the random run ----

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private final class Run {
        final Random random;
        final String ledger;
        final String accounts;
        int conditionFailures;
        int successes;

        Run(Random random, String ledger, String accounts) {
            this.random = random;
            this.ledger = ledger;
            this.accounts = accounts;
        }

        String account() {
            return "acc-" + random.nextInt(4);
        }

        String purchase() {
            return "P-" + random.nextInt(9);
        }

        String number() {
            return pick("0", "1", "2", "3", "1.50", "+4", "1e1", "-2.0", "007", "0.000", "12345678901234567890.5");
        }

        Map<String, AttributeValue> ledgerKey(String account, String purchase) {
            return Map.of(Tables.ACCOUNT_ID, s(account), Tables.PURCHASE_ID, s(purchase));
        }

        void step(int i) {
            String account = account();
            String purchase = purchase();
            Map<String, AttributeValue> key = ledgerKey(account, purchase);
            int kind = random.nextInt(24);
            String what = "step " + i + " kind " + kind + " " + account + "/" + purchase;
            // every random choice is made before a call goes to both clients (the lambdas run twice)
            Map<String, AttributeValue> newItem = ledgerItem(account, purchase);
            String invoiceNumber = "E-" + random.nextInt(3);
            String member = pick("a", "b");
            String deleteCondition = pick("attribute_exists(#s)", "#s IN (:a, :b)", "NOT #s = :a", "size(#s) > :len");
            Map<String, AttributeValue> deleteValues = deleteCondition.contains(":len") ? Map.of(":len", n(pick("5", "6", "7")))
                    : deleteCondition.contains(":b") ? Map.of(":a", s(pick(STATES)), ":b", s(pick(STATES)))
                    : deleteCondition.contains(":a") ? Map.of(":a", s(pick(STATES))) : null;
            String result = switch (kind) {
                case 0, 1 -> both(c -> canon(c.putItem(b -> b.tableName(ledger).item(newItem)
                        .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Tables.ACCOUNT_ID))
                        .returnValues(ReturnValue.ALL_OLD)).attributes()), what);
                case 2, 3 -> claim(key, what);
                case 4 -> recordSend(key, what);
                case 5 -> settle(key, what, "SET #state = :issued, #number = :number, #einv = :e, #updated = :now ADD #rev :one REMOVE #lease, #reason, #error",
                        Map.of(":issued", s("ISSUED"), ":number", s("E-" + random.nextInt(3)), ":e", AttributeValue.fromBool(random.nextBoolean()),
                                ":now", s("t" + i), ":one", n("1")));
                case 6 -> refund(key, i, what);
                case 7 -> both(c -> canon(c.updateItem(b -> b.tableName(ledger).key(key)
                        .updateExpression("SET #state = :reversed, #storno = :storno, #updated = :now ADD #rev :one REMOVE #reason, #error")
                        .conditionExpression("#number = :number AND (#state = :issued OR #state = :parked)")
                        .expressionAttributeNames(Map.of("#state", "state", "#storno", "stornoNumber", "#updated", "updatedAt",
                                "#rev", "revision", "#reason", "reason", "#error", "lastError", "#number", "invoiceNumber"))
                        .expressionAttributeValues(Map.of(":reversed", s("REVERSED"), ":storno", s("S-" + i), ":now", s("t" + i),
                                ":one", n("1"), ":number", s(invoiceNumber), ":issued", s("ISSUED"), ":parked", s("PARKED")))
                        .returnValues(ReturnValue.ALL_NEW)).attributes()), what);
                case 8 -> indexQuery(account, what);
                case 9 -> tableQuery(account, what);
                case 10 -> parallelScan(accounts, what);
                case 11 -> parallelScan(ledger, what);
                case 12 -> accountWrite(i, what);
                case 13 -> fingerprint(i, what);
                case 14 -> both(c -> {
                    var r = c.getItem(b -> b.tableName(ledger).key(key).consistentRead(true));
                    return r.hasItem() ? canon(r.item()) : "absent";
                }, what);
                case 15 -> both(c -> {
                    var r = c.getItem(b -> b.tableName(ledger).key(key)
                            .projectionExpression("#s, sends, #m.#k, tags[1], tags[0]")
                            .expressionAttributeNames(Map.of("#s", "state", "#m", "meta", "#k", member)));
                    return r.hasItem() ? canon(r.item()) : "absent";
                }, what);
                case 16, 17 -> generic(key, i, what);
                case 18 -> both(c -> canon(c.deleteItem(b -> b.tableName(ledger).key(key)
                        .conditionExpression(deleteCondition)
                        .expressionAttributeNames(Map.of("#s", "state"))
                        .expressionAttributeValues(deleteValues)
                        .returnValues(ReturnValue.ALL_OLD)).attributes()), what + " delete if " + deleteCondition);
                case 19 -> invalid(key, what);
                case 20 -> cursor(i, what);
                case 21 -> returns(key, what);
                case 22 -> both(c -> c.listTables().tableNames().stream().filter(t -> t.equals(ledger) || t.equals(accounts)).toList().toString(), what);
                default -> sets(key, what);
            };
            if (result.startsWith("ERROR ConditionalCheckFailed")) {
                conditionFailures++;
            } else if (result.startsWith("OK")) {
                successes++;
            }
        }

        Map<String, AttributeValue> ledgerItem(String account, String purchase) {
            Map<String, AttributeValue> item = new HashMap<>(ledgerKey(account, purchase));
            item.put("state", s(pick(STATES)));
            item.put("sends", n(pick("0", "1", "2", "4", "5")));
            item.put("revision", n(pick("1", "2", "3")));
            item.put("fencingToken", s("tok-" + random.nextInt(3)));
            if (random.nextBoolean()) {
                item.put("meta", AttributeValue.fromM(Map.of("a", s("x" + random.nextInt(3)), "b", n(number()))));
            }
            if (random.nextBoolean()) {
                item.put("tags", AttributeValue.fromL(List.of(s("t1"), n(number()), AttributeValue.fromBool(true),
                        AttributeValue.fromNul(true))));
            }
            if (random.nextInt(4) == 0) {
                item.put("colours", AttributeValue.fromSs(List.of("red", "green")));
            }
            if (random.nextInt(4) == 0) {
                item.put("amounts", AttributeValue.fromNs(List.of("1", "2.50")));
            }
            if (random.nextInt(5) == 0) {
                item.put("blob", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes" + random.nextInt(3))));
            }
            return item;
        }

        String claim(Map<String, AttributeValue> key, String what) {
            boolean fresh = random.nextBoolean();
            boolean reserving = random.nextBoolean();
            Map<String, String> names = new HashMap<>(Map.of("#state", "state", "#ext", "externalId", "#lease", "leaseUntil",
                    "#token", "fencingToken", "#updated", "updatedAt", "#body", "messageBody", "#sends", "sends", "#rev", "revision"));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":sending", s("SENDING"), ":ext", s("ext"),
                    ":lease", s("2030-01-01T00:00:00Z"), ":token", s("tok-" + random.nextInt(3)), ":now", s("now"),
                    ":body", s("{\"body\":" + random.nextInt(5) + "}"), ":one", n("1")));
            if (!reserving) {
                values.put(":zero", n("0"));
            }
            String condition;
            if (fresh) {
                condition = "attribute_not_exists(#pk)";
                names.put("#pk", Tables.ACCOUNT_ID);
            } else {
                condition = "#rev = :rev";
                values.put(":rev", n(pick("1", "2", "3", "4", "2.0")));
            }
            return both(c -> canon(c.updateItem(b -> b.tableName(ledger).key(key)
                    .updateExpression("SET #state = :sending, #ext = :ext, #lease = :lease, #token = :token, #updated = :now, "
                            + "#body = if_not_exists(#body, :body), #sends = " + (reserving ? ":one" : "if_not_exists(#sends, :zero)")
                            + " ADD #rev :one")
                    .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes()), what);
        }

        String recordSend(Map<String, AttributeValue> key, String what) {
            String token = "tok-" + random.nextInt(3);
            return both(c -> canon(c.updateItem(b -> b.tableName(ledger).key(key)
                    .updateExpression("SET #lease = :lease, #updated = :now ADD #sends :one, #rev :one")
                    .conditionExpression("#token = :token AND #state = :sending AND #sends < :max")
                    .expressionAttributeNames(Map.of("#lease", "leaseUntil", "#updated", "updatedAt", "#sends", "sends",
                            "#rev", "revision", "#token", "fencingToken", "#state", "state"))
                    .expressionAttributeValues(Map.of(":lease", s("later"), ":now", s("now"), ":one", n("1"),
                            ":token", s(token), ":sending", s("SENDING"), ":max", n("5")))
                    .returnValues(ReturnValue.ALL_NEW)).attributes()), what);
        }

        String settle(Map<String, AttributeValue> key, String what, String update, Map<String, AttributeValue> extra) {
            Map<String, String> names = new HashMap<>();
            Map<String, String> all = Map.ofEntries(Map.entry("#state", "state"), Map.entry("#number", "invoiceNumber"),
                    Map.entry("#einv", "eInvoice"), Map.entry("#updated", "updatedAt"), Map.entry("#rev", "revision"),
                    Map.entry("#lease", "leaseUntil"), Map.entry("#reason", "reason"), Map.entry("#error", "lastError"),
                    Map.entry("#token", "fencingToken"));
            String condition = "#token = :token AND #state = :sending";
            all.forEach((k, v) -> {
                if ((update + " " + condition).contains(k)) {
                    names.put(k, v);
                }
            });
            Map<String, AttributeValue> values = new HashMap<>(extra);
            values.put(":token", s("tok-" + random.nextInt(3)));
            values.put(":sending", s("SENDING"));
            return both(c -> canon(c.updateItem(b -> b.tableName(ledger).key(key).updateExpression(update)
                    .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes()), what);
        }

        String refund(Map<String, AttributeValue> key, int i, String what) {
            return both(c -> canon(c.updateItem(b -> b.tableName(ledger).key(key)
                    .updateExpression("SET #refund = :refund, #ext = if_not_exists(#ext, :ext), #state = if_not_exists(#state, :parked), "
                            + "#reason = if_not_exists(#reason, :awaiting), #sends = if_not_exists(#sends, :zero), #updated = :now ADD #rev :one")
                    .conditionExpression("attribute_not_exists(#pk) OR (attribute_not_exists(#number) AND #state <> :issued AND #state <> :reversed)")
                    .expressionAttributeNames(Map.of("#refund", "refundBody", "#ext", "externalId", "#state", "state",
                            "#reason", "reason", "#sends", "sends", "#updated", "updatedAt", "#rev", "revision",
                            "#pk", Tables.ACCOUNT_ID, "#number", "invoiceNumber"))
                    .expressionAttributeValues(Map.of(":refund", s("refund-" + i), ":ext", s("ext"), ":parked", s("PARKED"),
                            ":awaiting", s("AWAITING_INVOICE"), ":zero", n("0"), ":one", n("1"), ":now", s("t" + i),
                            ":issued", s("ISSUED"), ":reversed", s("REVERSED")))
                    .returnValues(ReturnValue.ALL_NEW)).attributes()), what);
        }

        /** Every page of a query (at most 50), each as {@link #page}, one per line. */
        private String pages(DynamoDbClient c, java.util.function.Supplier<QueryRequest.Builder> request, boolean count) {
            List<String> pages = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder b = request.get();
                if (count) {
                    b.select(Select.COUNT);
                }
                if (start != null) {
                    b.exclusiveStartKey(start);
                }
                QueryResponse r = c.query(b.build());
                pages.add(page(r));
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null && pages.size() < 50);
            return String.join("\n", pages);
        }

        String indexQuery(String account, String what) {
            String state = pick(STATES);
            int limit = 1 + random.nextInt(4);
            boolean count = random.nextBoolean();
            boolean forward = random.nextBoolean();
            return both(c -> pages(c, () -> QueryRequest.builder().tableName(ledger)
                    .indexName(Tables.INVOICES_BY_STATE_INDEX).keyConditionExpression("#a = :a AND #s = :s")
                    .expressionAttributeNames(Map.of("#a", Tables.ACCOUNT_ID, "#s", Tables.STATE))
                    .expressionAttributeValues(Map.of(":a", s(account), ":s", s(state)))
                    .limit(limit).scanIndexForward(forward), count), what + " index query " + state);
        }

        String tableQuery(String account, String what) {
            String[] conditions = {"#a = :a", "#a = :a AND #p = :p", "#a = :a AND #p < :p", "#a = :a AND #p <= :p",
                    "#a = :a AND #p > :p", "#a = :a AND #p >= :p", "#a = :a AND #p BETWEEN :p AND :q",
                    "#a = :a AND begins_with(#p, :pre)", "#p > :p AND #a = :a"};
            String condition = pick(conditions);
            String filter = random.nextInt(3) == 0 ? pick("#st = :st", "sends >= :n", "attribute_exists(meta.a)",
                    "contains(colours, :c)", "attribute_type(sends, :t)", "size(tags) = :four", "begins_with(#st, :pre2)") : null;
            int limit = 1 + random.nextInt(5);
            boolean forward = random.nextBoolean();
            boolean count = random.nextInt(4) == 0;
            Map<String, String> names = new HashMap<>(Map.of("#a", Tables.ACCOUNT_ID));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":a", s(account)));
            if (condition.contains("#p")) {
                names.put("#p", Tables.PURCHASE_ID);
            }
            if (condition.contains(":p")) {
                values.put(":p", s("P-" + random.nextInt(9)));
            }
            if (condition.contains(":q")) {
                values.put(":q", s("P-" + (5 + random.nextInt(4))));
                values.put(":p", s("P-" + random.nextInt(5)));
            }
            if (condition.contains(":pre")) {
                values.put(":pre", s(pick("P", "P-1", "Q")));
            }
            if (filter != null) {
                if (filter.contains("#st")) {
                    names.put("#st", "state");
                }
                if (filter.contains(":st")) {
                    values.put(":st", s(pick(STATES)));
                }
                if (filter.contains(":n")) {
                    values.put(":n", n(pick("1", "2", "3")));
                }
                if (filter.contains(":c")) {
                    values.put(":c", s("red"));
                }
                if (filter.contains(":t")) {
                    values.put(":t", s(pick("N", "S")));
                }
                if (filter.contains(":four")) {
                    values.put(":four", n("4"));
                }
                if (filter.contains(":pre2")) {
                    values.put(":pre2", s(pick("S", "P", "IS")));
                }
            }
            return both(c -> pages(c, () -> {
                QueryRequest.Builder b = QueryRequest.builder().tableName(ledger).keyConditionExpression(condition)
                        .expressionAttributeNames(names).expressionAttributeValues(values).limit(limit)
                        .scanIndexForward(forward).consistentRead(true);
                return filter == null ? b : b.filterExpression(filter);
            }, count), what + " query " + condition + " filter " + filter);
        }

        String parallelScan(String table, String what) {
            int total = 1 + random.nextInt(4);
            int limit = 1 + random.nextInt(5);
            String filter = random.nextBoolean() ? null : "attribute_exists(#o) OR #s = :s";
            return both(c -> {
                List<String> pages = new ArrayList<>();
                for (int segment = 0; segment < total; segment++) {
                    Map<String, AttributeValue> start = null;
                    do {
                        ScanRequest.Builder b = ScanRequest.builder().tableName(table).segment(segment).totalSegments(total)
                                .limit(limit).consistentRead(true);
                        if (filter != null) {
                            b.filterExpression(filter).expressionAttributeNames(Map.of("#o", "owner", "#s", "state"))
                                    .expressionAttributeValues(Map.of(":s", s("PARKED")));
                        }
                        if (start != null) {
                            b.exclusiveStartKey(start);
                        }
                        ScanResponse r = c.scan(b.build());
                        pages.add(segment + ": " + page(r));
                        start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                    } while (start != null && pages.size() < 100);
                }
                return String.join("\n", pages);
            }, what + " scan " + table + " " + total + " segments");
        }

        String accountWrite(int i, String what) {
            String id = "acct-" + random.nextInt(6);
            Map<String, AttributeValue> key = Map.of(Tables.ACCOUNT_ID, s(id));
            String status = pick("HEALTHY", "KEY_REJECTED");
            String version = pick("2", "3");
            String expected = pick("1", "2", "1.0");
            String expected2 = pick("1", "2", "3");
            return switch (random.nextInt(4)) {
                case 0 -> both(c -> canon(c.putItem(b -> b.tableName(accounts)
                        .item(Map.of(Tables.ACCOUNT_ID, s(id), "version", n("1"), "status", s(status)))
                        .conditionExpression("attribute_not_exists(#id)").expressionAttributeNames(Map.of("#id", Tables.ACCOUNT_ID)))
                        .attributes()), what);
                case 1 -> both(c -> canon(c.putItem(b -> b.tableName(accounts)
                        .item(Map.of(Tables.ACCOUNT_ID, s(id), "version", n(version), "status", s("HEALTHY")))
                        .conditionExpression("#v = :expected").expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":expected", n(expected)))).attributes()), what);
                case 2 -> both(c -> canon(c.updateItem(b -> b.tableName(accounts).key(key)
                        .updateExpression("SET #a = :a ADD #v :one").conditionExpression("#v = :expected")
                        .expressionAttributeNames(Map.of("#a", "lastProbeAt", "#v", "version"))
                        .expressionAttributeValues(Map.of(":a", s("t" + i), ":one", n("1"), ":expected", n(expected2)))
                        .returnValues(ReturnValue.UPDATED_NEW)).attributes()), what);
                default -> both(c -> canon(c.deleteItem(b -> b.tableName(accounts).key(key).returnValues("ALL_OLD")).attributes()), what);
            };
        }

        String fingerprint(int i, String what) {
            Map<String, AttributeValue> key = Map.of(Tables.ACCOUNT_ID, s("#fp#" + random.nextInt(3)));
            String me = "acct-" + random.nextInt(3);
            return switch (random.nextInt(3)) {
                case 0 -> both(c -> canon(c.putItem(b -> b.tableName(accounts)
                        .item(Map.of(Tables.ACCOUNT_ID, key.get(Tables.ACCOUNT_ID), "owner", s(me), "claimedAt", s("t" + i)))
                        .conditionExpression("attribute_not_exists(#id) OR #o = :me")
                        .expressionAttributeNames(Map.of("#id", Tables.ACCOUNT_ID, "#o", "owner"))
                        .expressionAttributeValues(Map.of(":me", s(me)))).attributes()), what);
                case 1 -> both(c -> canon(c.deleteItem(b -> b.tableName(accounts).key(key).conditionExpression("#o = :me")
                        .expressionAttributeNames(Map.of("#o", "owner")).expressionAttributeValues(Map.of(":me", s(me))))
                        .attributes()), what);
                default -> both(c -> {
                    var r = c.getItem(b -> b.tableName(accounts).key(key).consistentRead(true));
                    return r.hasItem() ? canon(r.item()) : "absent";
                }, what);
            };
        }

        String cursor(int i, String what) {
            Map<String, AttributeValue> key = Map.of(Tables.ACCOUNT_ID, s("#probe-cursor"));
            return switch (random.nextInt(3)) {
                case 0 -> both(c -> canon(c.putItem(b -> b.tableName(accounts).item(Map.of(Tables.ACCOUNT_ID, s("#probe-cursor"),
                        "segments", AttributeValue.fromL(List.of(
                                AttributeValue.fromM(Map.of("done", AttributeValue.fromBool(false), "startKey", AttributeValue.fromM(
                                        Map.of(Tables.ACCOUNT_ID, s("acct-" + i))))),
                                AttributeValue.fromM(Map.of("done", AttributeValue.fromBool(true))))))))
                        .attributes()), what);
                case 1 -> both(c -> canon(c.deleteItem(b -> b.tableName(accounts).key(key)).attributes()), what);
                default -> both(c -> {
                    var r = c.getItem(b -> b.tableName(accounts).key(key).consistentRead(true));
                    return r.hasItem() ? canon(r.item()) : "absent";
                }, what);
            };
        }

        String generic(Map<String, AttributeValue> key, int i, String what) {
            String[] updates = {
                    "SET sends = sends + :n", "SET sends = sends - :n", "SET sends = :n - sends",
                    "SET tags = list_append(tags, :list)", "SET tags = list_append(:list, tags)",
                    "SET #m.#k = :v", "REMOVE #m.#k", "SET tags[0] = :v", "REMOVE tags[1]", "SET tags[9] = :v",
                    "SET counter = if_not_exists(counter, :n) + :n", "ADD counter :n", "REMOVE sends, meta",
                    "SET #m = :map", "SET newAttr = :v, other = :v2", "ADD newNumber :n SET a1 = :v",
            };
            String[] conditions = {null, "attribute_exists(sends)", "sends BETWEEN :lo AND :hi", "size(tags) >= :two",
                    "attribute_type(tags, :l)", "NOT (sends = :lo) AND revision > :lo", "contains(tags, :t1)",
                    "#m.a = :x0 OR attribute_not_exists(#m)", "sends IN (:lo, :hi)", "sends <> :lo"};
            String update = pick(updates);
            String condition = pick(conditions);
            String all = update + " " + condition;
            Map<String, String> names = new HashMap<>();
            if (all.contains("#m")) {
                names.put("#m", "meta");
            }
            if (all.contains("#k")) {
                names.put("#k", pick("a", "b", "c"));
            }
            Map<String, AttributeValue> values = new HashMap<>();
            putIfUsed(values, all, ":n", n(number()));
            putIfUsed(values, all, ":list", AttributeValue.fromL(List.of(s("x" + i))));
            putIfUsed(values, all, ":v2", n(number()));
            putIfUsed(values, all, ":v", random.nextBoolean() ? s("v" + i) : n(number()));
            putIfUsed(values, all, ":map", AttributeValue.fromM(Map.of("a", s("x0"))));
            putIfUsed(values, all, ":lo", n("1"));
            putIfUsed(values, all, ":hi", n("4"));
            putIfUsed(values, all, ":two", n("2"));
            putIfUsed(values, all, ":l", s(pick("L", "M")));
            putIfUsed(values, all, ":t1", s("t1"));
            putIfUsed(values, all, ":x0", s("x0"));
            ReturnValue returns = pick(ReturnValue.ALL_NEW, ReturnValue.UPDATED_NEW, ReturnValue.ALL_OLD, ReturnValue.NONE);
            return both(c -> canon(c.updateItem(b -> {
                b.tableName(ledger).key(key).updateExpression(update).returnValues(returns);
                if (condition != null) {
                    b.conditionExpression(condition);
                }
                if (!names.isEmpty()) {
                    b.expressionAttributeNames(names);
                }
                if (!values.isEmpty()) {
                    b.expressionAttributeValues(values);
                }
            }).attributes()), what + " " + update + " if " + condition + " returning " + returns);
        }

        String sets(Map<String, AttributeValue> key, String what) {
            String update = pick("ADD colours :ss", "DELETE colours :ss", "ADD amounts :ns", "DELETE amounts :ns",
                    "ADD colours :ns", "ADD sends :ss");
            Map<String, AttributeValue> values = new HashMap<>();
            putIfUsed(values, update, ":ss", AttributeValue.fromSs(random.nextBoolean() ? List.of("red") : List.of("blue", "green")));
            putIfUsed(values, update, ":ns", AttributeValue.fromNs(random.nextBoolean() ? List.of("2.5") : List.of("1", "3")));
            return both(c -> canon(c.updateItem(b -> b.tableName(ledger).key(key).updateExpression(update)
                    .expressionAttributeValues(values).returnValues(ReturnValue.UPDATED_OLD)).attributes()), what + " " + update);
        }

        String returns(Map<String, AttributeValue> key, String what) {
            ReturnValue returns = pick(ReturnValue.ALL_NEW, ReturnValue.UPDATED_NEW, ReturnValue.ALL_OLD, ReturnValue.UPDATED_OLD);
            return both(c -> canon(c.updateItem(b -> b.tableName(ledger).key(key)
                    .updateExpression("SET #u = :u REMOVE lastError").expressionAttributeNames(Map.of("#u", "updatedAt"))
                    .expressionAttributeValues(Map.of(":u", s("u")))
                    .returnValues(returns)).attributes()), what + " returning " + returns);
        }

        String invalid(Map<String, AttributeValue> key, String what) {
            int which = random.nextInt(12);
            return both(c -> switch (which) {
                case 0 -> canon(c.updateItem(b -> b.tableName(ledger).key(key).updateExpression("SET a = :a")
                        .expressionAttributeValues(Map.of(":a", s("x"), ":unused", s("y")))).attributes());
                case 1 -> canon(c.updateItem(b -> b.tableName(ledger).key(key).updateExpression("SET #a = :a")
                        .expressionAttributeValues(Map.of(":a", s("x")))).attributes());
                case 2 -> canon(c.updateItem(b -> b.tableName(ledger).key(key).updateExpression("SET #pk = :a")
                        .expressionAttributeNames(Map.of("#pk", Tables.ACCOUNT_ID)).expressionAttributeValues(Map.of(":a", s("x"))))
                        .attributes());
                case 3 -> canon(c.getItem(b -> b.tableName(ledger).key(Map.of(Tables.ACCOUNT_ID, n("1"), Tables.PURCHASE_ID, s("p"))))
                        .item());
                case 4 -> canon(c.putItem(b -> b.tableName(ledger).item(key).returnValues(ReturnValue.ALL_NEW)).attributes());
                case 5 -> page(c.query(b -> b.tableName(ledger).indexName("no-such-index").keyConditionExpression("#a = :a")
                        .expressionAttributeNames(Map.of("#a", Tables.ACCOUNT_ID)).expressionAttributeValues(Map.of(":a", s("x")))));
                case 6 -> canon(c.updateItem(b -> b.tableName(ledger).key(key).updateExpression("SET a = = :a")
                        .expressionAttributeValues(Map.of(":a", s("x")))).attributes());
                case 7 -> canon(c.getItem(b -> b.tableName("no-such-table").key(key)).item());
                case 8 -> canon(c.putItem(b -> b.tableName(ledger).item(Map.of(Tables.ACCOUNT_ID, s("a"), Tables.PURCHASE_ID, s("p"),
                        Tables.STATE, n("1")))).attributes());
                case 9 -> canon(c.updateItem(b -> b.tableName(ledger).key(key).updateExpression("SET a = :a, a = :a")
                        .expressionAttributeValues(Map.of(":a", s("x")))).attributes());
                case 10 -> page(c.query(b -> b.tableName(ledger).keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", Tables.PURCHASE_ID)).expressionAttributeValues(Map.of(":p", s("x")))));
                default -> canon(c.updateItem(b -> b.tableName(ledger).key(key).updateExpression("SET #s = :a")
                        .conditionExpression("state = :a").expressionAttributeNames(Map.of("#s", "x"))
                        .expressionAttributeValues(Map.of(":a", s("x")))).attributes());
            }, what + " invalid " + which);
        }

        @SafeVarargs
        final <T> T pick(T... options) {
            return options[random.nextInt(options.length)];
        }

        void putIfUsed(Map<String, AttributeValue> values, String expression, String name, AttributeValue value) {
            if (java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(name) + "\\b").matcher(expression).find()) {
                values.put(name, value);
            }
        }
    }
}
