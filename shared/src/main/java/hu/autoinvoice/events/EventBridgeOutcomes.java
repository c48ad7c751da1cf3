package hu.autoinvoice.events;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes outcome events to an EventBridge bus with {@code PutEvents}, at most {@value #MAX_ENTRIES} per call (the
 * service's limit); an entry the bus refuses (its result has an error code) or a call that fails leaves those events
 * unpublished.
 */
public final class EventBridgeOutcomes implements OutcomePublisher {

    /** Most entries one {@code PutEvents} call takes. */
    static final int MAX_ENTRIES = 10;

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeOutcomes.class);

    private final Supplier<EventBridgeClient> eventBridge;
    private final String busName;

    /** @param eventBridge asked on the first publish (a probe run without pending outcomes builds no client) */
    public EventBridgeOutcomes(Supplier<EventBridgeClient> eventBridge, String busName) {
        this.eventBridge = Objects.requireNonNull(eventBridge, "eventBridge");
        this.busName = Objects.requireNonNull(busName, "busName");
    }

    @Override
    public Set<UUID> publish(List<OutcomeEvent> events) {
        Set<UUID> accepted = new HashSet<>();
        for (int from = 0; from < events.size(); from += MAX_ENTRIES) {
            List<OutcomeEvent> chunk = events.subList(from, Math.min(events.size(), from + MAX_ENTRIES));
            PutEventsResponse response;
            try {
                response = eventBridge.get().putEvents(b -> b.entries(chunk.stream().map(this::entry).toList()));
            } catch (SdkException e) {
                LOG.warn("Publishing {} outcome event(s) failed, they stay pending: {}", chunk.size(), e.getClass().getSimpleName());
                continue;
            }
            List<PutEventsResultEntry> results = response.entries();
            for (int i = 0; i < chunk.size() && i < results.size(); i++) {
                PutEventsResultEntry result = results.get(i);
                if (result.errorCode() == null) {
                    accepted.add(chunk.get(i).eventId());
                } else {
                    LOG.warn("The bus refused outcome event {} ({}), it stays pending: {}", chunk.get(i).eventId(),
                            chunk.get(i).detailType(), result.errorCode());
                }
            }
        }
        return accepted;
    }

    private PutEventsRequestEntry entry(OutcomeEvent event) {
        return PutEventsRequestEntry.builder().eventBusName(busName).source(OutcomeEvent.SOURCE)
                .detailType(event.detailType()).detail(event.detailJson()).time(event.occurredAt()).build();
    }
}
