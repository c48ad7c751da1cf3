package hu.autoinvoice.probe;

/**
 * Publishes the outcome events an account's ledger items still hold (a publish after the ledger write failed):
 * {@code OutcomeRelay#sweep}; the probe calls it for every account it visits, whatever the account's health (the
 * events need no Agent key).
 */
@FunctionalInterface
public interface PendingOutcomes {

    /** Nothing to publish (tools and tests without a bus). */
    PendingOutcomes NONE = accountId -> 0;

    /** @return how many events were published; never throws (what fails stays pending for the next run) */
    int publish(String accountId);
}
