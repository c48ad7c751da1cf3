package hu.autoinvoice.invoice;

/**
 * The invoice's language. The purchase message uses ISO 639-1 codes; the vendor uses its own tokens
 * ({@code cz} for Czech, {@code si} for Slovenian).
 */
public enum InvoiceLanguage {
    HU("hu", "hu"), EN("en", "en"), DE("de", "de"), IT("it", "it"), RO("ro", "ro"), SK("sk", "sk"),
    HR("hr", "hr"), FR("fr", "fr"), ES("es", "es"), CS("cs", "cz"), PL("pl", "pl"), BG("bg", "bg"),
    NL("nl", "nl"), RU("ru", "ru"), SL("sl", "si");

    private final String isoCode;
    private final String agentValue;

    InvoiceLanguage(String isoCode, String agentValue) {
        this.isoCode = isoCode;
        this.agentValue = agentValue;
    }

    public String isoCode() {
        return isoCode;
    }

    /** The vendor's {@code fejlec/szamlaNyelve}. */
    public String agentValue() {
        return agentValue;
    }
}
