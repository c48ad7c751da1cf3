package hu.autoinvoice.connect;

import hu.autoinvoice.ledger.LedgerCursor;
import hu.autoinvoice.ledger.LedgerQuery;
import hu.autoinvoice.ledger.LedgerState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the invoice listing's query string ({@code state}, {@code from}, {@code to}, {@code limit}, {@code cursor}) into
 * a {@link LedgerQuery}, or names every bad parameter (hu/en) for a 400. Paid dates are calendar days in
 * {@code Europe/Budapest}, both ends included.
 */
public final class InvoiceQueries {

    /** The zone of the paid-date filter's days. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Budapest");

    private InvoiceQueries() {
    }

    /** The outcome of {@link #parse}. */
    public sealed interface Parsed {
    }

    public record Valid(LedgerQuery query) implements Parsed {
    }

    public record Invalid(List<FieldError> errors) implements Parsed {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /** The query of {@code accountId}'s listing from its parameters (absent map = none). */
    public static Parsed parse(Map<String, String> params, String accountId) {
        Map<String, String> p = params == null ? Map.of() : params;
        List<FieldError> errors = new ArrayList<>();
        Set<LedgerState> states = EnumSet.noneOf(LedgerState.class);
        if (p.get("state") != null) {
            for (String s : p.get("state").split(",")) {
                try {
                    states.add(LedgerState.valueOf(s.trim()));
                } catch (IllegalArgumentException unknown) {
                    errors.add(new FieldError("state", "state must be one or more of " + EnumSet.allOf(LedgerState.class)
                            + ", comma-separated.", "A state értéke ezek közül egy vagy több lehet, vesszővel "
                            + "elválasztva: " + EnumSet.allOf(LedgerState.class) + "."));
                    break;
                }
            }
        }
        Optional<Instant> from = day(p.get("from"), "from", errors).map(d -> d.atStartOfDay(ZONE).toInstant());
        Optional<Instant> to = day(p.get("to"), "to", errors).map(d -> d.plusDays(1).atStartOfDay(ZONE).toInstant().minusNanos(1));
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            errors.add(new FieldError("to", "to must not be before from.", "A to nem lehet korábbi a from-nál."));
        }
        int limit = LedgerQuery.DEFAULT_LIMIT;
        if (p.get("limit") != null) {
            try {
                limit = Integer.parseInt(p.get("limit").trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < LedgerQuery.MIN_LIMIT || limit > LedgerQuery.MAX_LIMIT) {
                errors.add(new FieldError("limit", "limit must be a whole number from " + LedgerQuery.MIN_LIMIT + " to "
                        + LedgerQuery.MAX_LIMIT + ".", "A limit " + LedgerQuery.MIN_LIMIT + " és " + LedgerQuery.MAX_LIMIT
                        + " közötti egész szám lehet."));
            }
        }
        Optional<LedgerCursor> after = Optional.empty();
        if (p.get("cursor") != null) {
            after = LedgerCursor.read(p.get("cursor").trim(), accountId);
            if (after.isEmpty()) {
                errors.add(new FieldError("cursor", "cursor is not one this listing gave for this account; start without "
                        + "it.", "A cursor nem ennek a fióknak a listájából származik; kezdje cursor nélkül."));
            }
        }
        return errors.isEmpty() ? new Valid(new LedgerQuery(states, from, to, limit, after)) : new Invalid(errors);
    }

    private static Optional<LocalDate> day(String value, String field, List<FieldError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.trim()));
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, field + " must be a day, YYYY-MM-DD.", "A " + field
                    + " egy nap legyen, ÉÉÉÉ-HH-NN alakban."));
            return Optional.empty();
        }
    }
}
