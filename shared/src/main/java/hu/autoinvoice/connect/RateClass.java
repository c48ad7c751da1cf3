package hu.autoinvoice.connect;

/**
 * Which of an account's two request budgets a connect API call counts against ({@link TenantThrottle}): reads answered
 * from our own tables, and calls that change something or reach Számlázz.hu with the organiser's key.
 */
public enum RateClass {
    /** Status, the invoice listing, one invoice: answered from DynamoDB. */
    READ,
    /** Connect, disconnect, re-issue, and an invoice's PDF (one Számla Agent call on the organiser's key). */
    WRITE
}
