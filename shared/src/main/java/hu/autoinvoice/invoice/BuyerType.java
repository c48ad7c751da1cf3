package hu.autoinvoice.invoice;

/** The buyer's tax status, with the vendor's {@code adoalany} value. */
public enum BuyerType {
    PERSON("person", -1),
    HU_COMPANY("hu_company", 1),
    EU_COMPANY("eu_company", 6),
    NON_EU_COMPANY("non_eu_company", 7);

    private final String messageValue;
    private final int agentTaxSubject;

    BuyerType(String messageValue, int agentTaxSubject) {
        this.messageValue = messageValue;
        this.agentTaxSubject = agentTaxSubject;
    }

    /** The value in the purchase message ({@code buyer.type}). */
    public String messageValue() {
        return messageValue;
    }

    /** The vendor's {@code vevo/adoalany}. */
    public int agentTaxSubject() {
        return agentTaxSubject;
    }
}
