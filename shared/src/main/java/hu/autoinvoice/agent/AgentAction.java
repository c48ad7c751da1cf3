package hu.autoinvoice.agent;

/**
 * The Számla Agent operations this client speaks: the multipart file field that selects the operation, and the
 * request root element (whose default namespace is {@code http://www.szamlazz.hu/<root>}).
 */
public enum AgentAction {
    CREATE_INVOICE("action-xmlagentxmlfile", "xmlszamla"),
    REVERSE_INVOICE("action-szamla_agent_st", "xmlszamlast"),
    QUERY_INVOICE("action-szamla_agent_xml", "xmlszamlaxml"),
    QUERY_PDF("action-szamla_agent_pdf", "xmlszamlapdf"),
    CREATE_RECEIPT("action-szamla_agent_nyugta_create", "xmlnyugtacreate"),
    REVERSE_RECEIPT("action-szamla_agent_nyugta_storno", "xmlnyugtast"),
    GET_RECEIPT("action-szamla_agent_nyugta_get", "xmlnyugtaget"),
    SEND_RECEIPT("action-szamla_agent_nyugta_send", "xmlnyugtasend");

    private final String fieldName;
    private final String rootElement;

    AgentAction(String fieldName, String rootElement) {
        this.fieldName = fieldName;
        this.rootElement = rootElement;
    }

    /** The multipart form field name of the XML file part. */
    public String fieldName() {
        return fieldName;
    }

    public String rootElement() {
        return rootElement;
    }

    public String namespace() {
        return "http://www.szamlazz.hu/" + rootElement;
    }

    /** The file name sent with the XML part. */
    public String fileName() {
        return rootElement + ".xml";
    }
}
