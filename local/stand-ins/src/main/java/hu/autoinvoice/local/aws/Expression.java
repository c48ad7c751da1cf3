package hu.autoinvoice.local.aws;

import java.util.List;
import java.util.Set;

/**
 * The parsed DynamoDB expression languages (conditions, key conditions, filters, updates, projections) as
 * {@link ExpressionParser} builds them. {@code #name} and {@code :value} placeholders stay unresolved: one parsed
 * expression serves every request that sends the same text, with its own names and values.
 */
final class Expression {

    private Expression() {}

    /** One step of a document path: an attribute or map member ({@code a}, {@code #a}), or a list index ({@code [3]}). */
    sealed interface Step permits Member, Index {}

    /** A member; {@code name} is literal or a {@code #placeholder}. */
    record Member(String name) implements Step {}

    record Index(int index) implements Step {}

    /** Something that yields a value (or nothing, for a missing attribute). */
    sealed interface Operand permits Path, Placeholder, Size, IfNotExists, ListAppend, Arithmetic {}

    record Path(List<Step> steps) implements Operand {}

    /** A {@code :value} placeholder. */
    record Placeholder(String name) implements Operand {}

    record Size(Path path) implements Operand {}

    record IfNotExists(Path path, Operand fallback) implements Operand {}

    record ListAppend(Operand first, Operand second) implements Operand {}

    record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {}

    /** A condition (ConditionExpression, FilterExpression, KeyConditionExpression). */
    sealed interface Condition permits Compare, Between, In, And, Or, Not, Function {}

    enum Comparator { EQ, NE, LT, LE, GT, GE }

    record Compare(Operand left, Comparator comparator, Operand right) implements Condition {}

    record Between(Operand value, Operand low, Operand high) implements Condition {}

    record In(Operand value, List<Operand> candidates) implements Condition {}

    record And(Condition left, Condition right) implements Condition {}

    record Or(Condition left, Condition right) implements Condition {}

    record Not(Condition condition) implements Condition {}

    /** attribute_exists, attribute_not_exists, attribute_type, begins_with, contains. */
    record Function(String name, List<Operand> arguments) implements Condition {}

    /** An UpdateExpression's actions, clause by clause. */
    record Update(List<SetAction> sets, List<Path> removes, List<AddAction> adds, List<DeleteAction> deletes) {}

    record SetAction(Path path, Operand value) {}

    record AddAction(Path path, Placeholder value) {}

    record DeleteAction(Path path, Placeholder value) {}

    /**
     * A parsed expression and the placeholders it uses (to find undefined and unused names and values).
     *
     * @param tree a {@link Condition}, an {@link Update} or a {@code List<Path>} (projection)
     */
    record Parsed<T>(T tree, Set<String> names, Set<String> values) {}
}
