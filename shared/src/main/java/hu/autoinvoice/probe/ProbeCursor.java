package hu.autoinvoice.probe;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where an unfinished probe run stopped: per scan segment, done, or the key to continue after (empty = from the
 * segment's start).
 */
record ProbeCursor(List<Position> segments) {

    public ProbeCursor {
        segments = List.copyOf(segments);
    }

    /** A cursor at the start of every segment. */
    public static ProbeCursor fresh(int totalSegments) {
        return new ProbeCursor(java.util.Collections.nCopies(totalSegments, Position.START));
    }

    public int totalSegments() {
        return segments.size();
    }

    public boolean allDone() {
        return segments.stream().allMatch(Position::done);
    }

    /**
     * One segment's position.
     *
     * @param startKey the {@code ExclusiveStartKey} to continue with; empty = the segment's beginning
     */
    public record Position(boolean done, Optional<Map<String, AttributeValue>> startKey) {

        public static final Position START = new Position(false, Optional.empty());
        public static final Position DONE = new Position(true, Optional.empty());

        public Position {
            startKey = startKey.map(Map::copyOf);
        }

        public static Position after(Optional<Map<String, AttributeValue>> startKey) {
            return new Position(false, startKey);
        }
    }
}
