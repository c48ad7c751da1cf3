package hu.autoinvoice.invoice;

/** How the buyer paid, with the word the vendor prints ({@code fizmod}). */
public enum PaymentMethod {
    CARD("card", "bankkártya"),
    TRANSFER("transfer", "átutalás"),
    CASH("cash", "készpénz"),
    VOUCHER("voucher", "utalvány"),
    SZEP_CARD("szep_card", "SZÉP kártya");

    private final String messageValue;
    private final String agentValue;

    PaymentMethod(String messageValue, String agentValue) {
        this.messageValue = messageValue;
        this.agentValue = agentValue;
    }

    /** The value in the purchase message ({@code paymentMethod}). */
    public String messageValue() {
        return messageValue;
    }

    /** The vendor's {@code fejlec/fizmod}. */
    public String agentValue() {
        return agentValue;
    }
}
