package hu.autoinvoice.local.agent;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Agent operations the simulator implements, by the name of the multipart file field that selects them.
 *
 * <p>The client's {@link hu.autoinvoice.agent.AgentAction} holds the same table. The simulator keeps its own copy on
 * purpose: an independent reading of the wire protocol (field names, root elements) catches a client bug that a shared
 * table would carry into both sides. The vendor's error codes, on the other hand, come from the one shared
 * {@link hu.autoinvoice.agent.AgentErrorCode}.
 */
enum SimAction {
    CREATE("action-xmlagentxmlfile", "xmlszamla"),
    STORNO("action-szamla_agent_st", "xmlszamlast"),
    QUERY_XML("action-szamla_agent_xml", "xmlszamlaxml"),
    QUERY_PDF("action-szamla_agent_pdf", "xmlszamlapdf"),
    RECEIPT_CREATE("action-szamla_agent_nyugta_create", "xmlnyugtacreate"),
    RECEIPT_STORNO("action-szamla_agent_nyugta_storno", "xmlnyugtast"),
    RECEIPT_GET("action-szamla_agent_nyugta_get", "xmlnyugtaget"),
    RECEIPT_SEND("action-szamla_agent_nyugta_send", "xmlnyugtasend");

    private final String field;
    private final String root;

    SimAction(String field, String root) {
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

    /** A receipt (nyugta) action: answered with {@code xmlnyugtavalasz} / {@code xmlnyugtasendvalasz}, always XML. */
    boolean receipt() {
        return root.startsWith("xmlnyugta");
    }

    static Optional<SimAction> byField(String name) {
        return Arrays.stream(values()).filter(a -> a.field.equals(name)).findFirst();
    }
}
