package hu.autoinvoice.events;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Where outcome events go: the stack's EventBridge bus ({@link EventBridgeOutcomes}), or a test's recorder. */
public interface OutcomePublisher {

    /**
     * Publishes the events; returns the ids of those the bus accepted. Does not throw for a bus that is down or refuses
     * some: what was not accepted stays pending on its ledger item and is published again later.
     */
    Set<UUID> publish(List<OutcomeEvent> events);
}
