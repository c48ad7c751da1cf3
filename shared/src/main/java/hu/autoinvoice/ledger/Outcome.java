package hu.autoinvoice.ledger;

/** A final outcome of a ledger item, announced once as an outcome event of {@link #eventType()}. */
public enum Outcome {
    ISSUED("invoice.issued"),
    PARKED("invoice.parked"),
    FAILED("invoice.failed"),
    REVERSED("invoice.reversed");

    private final String eventType;

    Outcome(String eventType) {
        this.eventType = eventType;
    }

    /** The event's type (EventBridge detail-type), e.g. {@code invoice.issued}. */
    public String eventType() {
        return eventType;
    }
}
