package hu.autoinvoice.local.agent;

import java.util.Arrays;
import java.util.Optional;

/** The Agent operations the simulator implements, by the name of the multipart file field that selects them. */
enum AgentAction {
    CREATE("action-xmlagentxmlfile", "xmlszamla"),
    STORNO("action-szamla_agent_st", "xmlszamlast"),
    QUERY_XML("action-szamla_agent_xml", "xmlszamlaxml"),
    QUERY_PDF("action-szamla_agent_pdf", "xmlszamlapdf");

    private final String field;
    private final String root;

    AgentAction(String field, String root) {
        this.field = field;
        this.root = root;
    }

    /** The multipart field name. */
    String field() {
        return field;
    }

    /** The request root element (and the name of its vendor XSD). */
    String root() {
        return root;
    }

    static Optional<AgentAction> byField(String name) {
        return Arrays.stream(values()).filter(a -> a.field.equals(name)).findFirst();
    }
}
