package hu.autoinvoice.local.aws;

import hu.autoinvoice.local.aws.Expression.AddAction;
import hu.autoinvoice.local.aws.Expression.Arithmetic;
import hu.autoinvoice.local.aws.Expression.Between;
import hu.autoinvoice.local.aws.Expression.Comparator;
import hu.autoinvoice.local.aws.Expression.Compare;
import hu.autoinvoice.local.aws.Expression.Condition;
import hu.autoinvoice.local.aws.Expression.DeleteAction;
import hu.autoinvoice.local.aws.Expression.Function;
import hu.autoinvoice.local.aws.Expression.IfNotExists;
import hu.autoinvoice.local.aws.Expression.In;
import hu.autoinvoice.local.aws.Expression.Index;
import hu.autoinvoice.local.aws.Expression.ListAppend;
import hu.autoinvoice.local.aws.Expression.Member;
import hu.autoinvoice.local.aws.Expression.Operand;
import hu.autoinvoice.local.aws.Expression.Parsed;
import hu.autoinvoice.local.aws.Expression.Path;
import hu.autoinvoice.local.aws.Expression.Placeholder;
import hu.autoinvoice.local.aws.Expression.SetAction;
import hu.autoinvoice.local.aws.Expression.Size;
import hu.autoinvoice.local.aws.Expression.Update;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokenizer and recursive-descent parser for DynamoDB's expression languages. Parsed expressions are cached by their
 * text (the project sends a few dozen distinct ones); a syntax error is an {@link AwsJsonError} ValidationException
 * worded like DynamoDB's ({@code Invalid ConditionExpression: Syntax error; token: "x", near: "..."}).
 */
final class ExpressionParser {

    /** Which language, and how errors name it. */
    enum Kind {
        CONDITION("ConditionExpression"), KEY_CONDITION("KeyConditionExpression"), FILTER("FilterExpression"),
        UPDATE("UpdateExpression"), PROJECTION("ProjectionExpression");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, Parsed<?>> CACHE = new ConcurrentHashMap<>();
    private static final Set<String> RESERVED = reservedWords();
    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");

    private record Token(char kind, String text, int position) {}
    // kinds: i identifier, # name placeholder, : value placeholder, n number, p punctuation/operator, $ end

    private final String source;
    private final Kind kind;
    private final List<Token> tokens;
    private final Set<String> names = new LinkedHashSet<>();
    private final Set<String> values = new LinkedHashSet<>();
    private int next;

    private ExpressionParser(String source, Kind kind) throws AwsJsonError {
        this.source = source;
        this.kind = kind;
        this.tokens = tokenize(source);
    }

    @SuppressWarnings("unchecked")
    static Parsed<Condition> condition(String text, Kind kind) throws AwsJsonError {
        return (Parsed<Condition>) cached(text, kind);
    }

    @SuppressWarnings("unchecked")
    static Parsed<Update> update(String text) throws AwsJsonError {
        return (Parsed<Update>) cached(text, Kind.UPDATE);
    }

    @SuppressWarnings("unchecked")
    static Parsed<List<Path>> projection(String text) throws AwsJsonError {
        return (Parsed<List<Path>>) cached(text, Kind.PROJECTION);
    }

    private static Parsed<?> cached(String text, Kind kind) throws AwsJsonError {
        String key = kind.ordinal() + text;
        Parsed<?> parsed = CACHE.get(key);
        if (parsed == null) {
            if (text.isEmpty()) {
                throw FakeDynamoDb.validation("Invalid " + kind.label + ": The expression can not be empty;");
            }
            parsed = new ExpressionParser(text, kind).parse();
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.put(key, parsed);
        }
        return parsed;
    }

    private Parsed<?> parse() throws AwsJsonError {
        Object tree = switch (kind) {
            case UPDATE -> updateExpression();
            case PROJECTION -> projectionExpression();
            default -> orCondition();
        };
        if (peek().kind() != '$') {
            throw syntax(peek());
        }
        return new Parsed<>(tree, Set.copyOf(names), Set.copyOf(values));
    }

    // ---- conditions ----

    private Condition orCondition() throws AwsJsonError {
        Condition left = andCondition();
        while (keyword("OR")) {
            left = new Expression.Or(left, andCondition());
        }
        return left;
    }

    private Condition andCondition() throws AwsJsonError {
        Condition left = notCondition();
        while (keyword("AND")) {
            left = new Expression.And(left, notCondition());
        }
        return left;
    }

    private Condition notCondition() throws AwsJsonError {
        if (keyword("NOT")) {
            return new Expression.Not(notCondition());
        }
        return primaryCondition();
    }

    private Condition primaryCondition() throws AwsJsonError {
        if (punct("(")) {
            Condition inner = orCondition();
            expect(")");
            return inner;
        }
        Token t = peek();
        if (t.kind() == 'i' && CONDITION_FUNCTIONS.contains(t.text()) && peekAt(1).text().equals("(")) {
            next += 2;
            List<Operand> args = arguments();
            checkFunction(t.text(), args);
            return new Function(t.text(), args);
        }
        Operand left = conditionOperand();
        Token op = peek();
        if (op.kind() == 'p') {
            Comparator comparator = switch (op.text()) {
                case "=" -> Comparator.EQ;
                case "<>" -> Comparator.NE;
                case "<" -> Comparator.LT;
                case "<=" -> Comparator.LE;
                case ">" -> Comparator.GT;
                case ">=" -> Comparator.GE;
                default -> throw syntax(op);
            };
            next++;
            return new Compare(left, comparator, conditionOperand());
        }
        if (keyword("BETWEEN")) {
            Operand low = conditionOperand();
            if (!keyword("AND")) {
                throw syntax(peek());
            }
            return new Between(left, low, conditionOperand());
        }
        if (keyword("IN")) {
            expect("(");
            List<Operand> candidates = new ArrayList<>();
            do {
                candidates.add(conditionOperand());
            } while (punct(","));
            expect(")");
            return new In(left, candidates);
        }
        throw syntax(op);
    }

    private void checkFunction(String name, List<Operand> args) throws AwsJsonError {
        int expected = name.startsWith("attribute_") && !name.equals("attribute_type") ? 1 : 2;
        if (args.size() != expected) {
            throw invalid("Incorrect number of operands for operator or function; operator or function: " + name
                    + ", number of operands: " + args.size());
        }
        if (!(args.getFirst() instanceof Path)) {
            throw invalid("Operator or function requires a document path; operator or function: " + name);
        }
    }

    private List<Operand> arguments() throws AwsJsonError {
        List<Operand> args = new ArrayList<>();
        if (!punct(")")) {
            do {
                args.add(conditionOperand());
            } while (punct(","));
            expect(")");
        }
        return args;
    }

    private Operand conditionOperand() throws AwsJsonError {
        Token t = peek();
        if (t.kind() == 'i' && t.text().equals("size") && peekAt(1).text().equals("(")) {
            next += 2;
            Path path = path();
            expect(")");
            return new Size(path);
        }
        if (t.kind() == 'i' && peekAt(1).text().equals("(")) {
            throw invalid("Invalid function name; function: " + t.text());
        }
        return valueOrPath();
    }

    private Operand valueOrPath() throws AwsJsonError {
        Token t = peek();
        if (t.kind() == ':') {
            next++;
            values.add(t.text());
            return new Placeholder(t.text());
        }
        return path();
    }

    // ---- paths ----

    private Path path() throws AwsJsonError {
        List<Expression.Step> steps = new ArrayList<>();
        steps.add(member());
        while (true) {
            if (punct(".")) {
                steps.add(member());
            } else if (punct("[")) {
                Token n = peek();
                if (n.kind() != 'n') {
                    throw syntax(n);
                }
                next++;
                steps.add(new Index(Integer.parseInt(n.text())));
                expect("]");
            } else {
                return new Path(List.copyOf(steps));
            }
        }
    }

    private Member member() throws AwsJsonError {
        Token t = peek();
        if (t.kind() == '#') {
            next++;
            names.add(t.text());
            return new Member(t.text());
        }
        if (t.kind() == 'i') {
            next++;
            if (RESERVED.contains(t.text().toUpperCase(Locale.ROOT))) {
                throw invalid("Attribute name is a reserved keyword; reserved keyword: " + t.text());
            }
            return new Member(t.text());
        }
        throw syntax(t);
    }

    // ---- updates ----

    private Update updateExpression() throws AwsJsonError {
        List<SetAction> sets = null;
        List<Path> removes = null;
        List<AddAction> adds = null;
        List<DeleteAction> deletes = null;
        do {
            Token t = peek();
            String clause = t.kind() == 'i' ? t.text().toUpperCase(Locale.ROOT) : "";
            next++;
            switch (clause) {
                case "SET" -> {
                    once(sets, clause);
                    sets = new ArrayList<>();
                    do {
                        Path p = path();
                        expect("=");
                        sets.add(new SetAction(p, setValue()));
                    } while (punct(","));
                }
                case "REMOVE" -> {
                    once(removes, clause);
                    removes = new ArrayList<>();
                    do {
                        removes.add(path());
                    } while (punct(","));
                }
                case "ADD" -> {
                    once(adds, clause);
                    adds = new ArrayList<>();
                    do {
                        adds.add(new AddAction(path(), placeholder()));
                    } while (punct(","));
                }
                case "DELETE" -> {
                    once(deletes, clause);
                    deletes = new ArrayList<>();
                    do {
                        deletes.add(new DeleteAction(path(), placeholder()));
                    } while (punct(","));
                }
                default -> throw syntax(t);
            }
        } while (peek().kind() != '$');
        return new Update(sets == null ? List.of() : List.copyOf(sets), removes == null ? List.of() : List.copyOf(removes),
                adds == null ? List.of() : List.copyOf(adds), deletes == null ? List.of() : List.copyOf(deletes));
    }

    private void once(List<?> clause, String name) throws AwsJsonError {
        if (clause != null) {
            throw invalid("The \"" + name + "\" section can only be used once in an update expression;");
        }
    }

    private Placeholder placeholder() throws AwsJsonError {
        Token t = peek();
        if (t.kind() != ':') {
            throw syntax(t);
        }
        next++;
        values.add(t.text());
        return new Placeholder(t.text());
    }

    private Operand setValue() throws AwsJsonError {
        Operand left = setTerm();
        if (punct("+")) {
            return new Arithmetic(left, true, setTerm());
        }
        if (punct("-")) {
            return new Arithmetic(left, false, setTerm());
        }
        return left;
    }

    private Operand setTerm() throws AwsJsonError {
        Token t = peek();
        if (t.kind() == 'i' && peekAt(1).text().equals("(")) {
            next += 2;
            Operand result = switch (t.text()) {
                case "if_not_exists" -> {
                    Operand first = setTerm();
                    if (!(first instanceof Path p)) {
                        throw invalid("Operator or function requires a document path; operator or function: if_not_exists");
                    }
                    expect(",");
                    yield new IfNotExists(p, setTerm());
                }
                case "list_append" -> {
                    Operand first = setTerm();
                    expect(",");
                    yield new ListAppend(first, setTerm());
                }
                default -> throw invalid("Invalid function name; function: " + t.text());
            };
            expect(")");
            return result;
        }
        return valueOrPath();
    }

    // ---- projections ----

    private List<Path> projectionExpression() throws AwsJsonError {
        List<Path> paths = new ArrayList<>();
        do {
            paths.add(path());
        } while (punct(","));
        return List.copyOf(paths);
    }

    // ---- tokens ----

    private Token peek() {
        return tokens.get(next);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private boolean keyword(String word) {
        Token t = peek();
        if (t.kind() == 'i' && t.text().equalsIgnoreCase(word)) {
            next++;
            return true;
        }
        return false;
    }

    private boolean punct(String text) {
        Token t = peek();
        if (t.kind() == 'p' && t.text().equals(text)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String text) throws AwsJsonError {
        if (!punct(text)) {
            throw syntax(peek());
        }
    }

    private AwsJsonError syntax(Token t) {
        if (t.kind() == '$') {
            return invalid("Syntax error; token: <EOF>, near: \"" + near(t.position()) + "\"");
        }
        return invalid("Syntax error; token: \"" + t.text() + "\", near: \"" + near(t.position()) + "\"");
    }

    private String near(int position) {
        int from = Math.max(0, position - 10);
        return source.substring(from, Math.min(source.length(), position + 10)).trim();
    }

    private AwsJsonError invalid(String message) {
        return FakeDynamoDb.validation("Invalid " + kind.label + ": " + message);
    }

    private List<Token> tokenize(String s) throws AwsJsonError {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || c == ':' || Character.isLetter(c) || c == '_') {
                int start = i;
                i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                if ((c == '#' || c == ':') && i == start + 1) {
                    throw invalid("Syntax error; token: \"" + c + "\", near: \"" + near(start) + "\"");
                }
                out.add(new Token(c == '#' || c == ':' ? c : 'i', s.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                out.add(new Token('n', s.substring(start, i), start));
            } else if ((c == '<' || c == '>') && i + 1 < s.length() && (s.charAt(i + 1) == '=' || (c == '<' && s.charAt(i + 1) == '>'))) {
                out.add(new Token('p', s.substring(i, i + 2), i));
                i += 2;
            } else if ("()[],.=<>+-".indexOf(c) >= 0) {
                out.add(new Token('p', String.valueOf(c), i));
                i++;
            } else {
                throw invalid("Invalid character encountered; character: \"" + c + "\", near: \"" + near(i) + "\"");
            }
        }
        out.add(new Token('$', "", s.length()));
        return out;
    }

    private static Set<String> reservedWords() {
        try (InputStream in = ExpressionParser.class.getResourceAsStream("dynamodb-reserved-words.txt")) {
            if (in == null) {
                throw new IllegalStateException("dynamodb-reserved-words.txt is missing from the classpath");
            }
            Set<String> words = new java.util.HashSet<>();
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> words.add(l.trim()));
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
