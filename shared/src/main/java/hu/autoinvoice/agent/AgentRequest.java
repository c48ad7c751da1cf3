package hu.autoinvoice.agent;

import java.util.Objects;

/**
 * One rendered request document, ready to send. It contains the Agent key, so {@link #toString()} shows only the
 * action and size.
 */
public record AgentRequest(AgentAction action, byte[] xml) {

    public AgentRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(xml, "xml");
    }

    @Override
    public String toString() {
        return "AgentRequest[" + action + ", " + xml.length + " bytes]";
    }
}
