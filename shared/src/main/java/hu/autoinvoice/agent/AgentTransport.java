package hu.autoinvoice.agent;

/**
 * Sends one rendered request to the Agent, exactly once (no retries of any kind). Implementations return failures
 * as values; tests and the issuer wrap this to count calls.
 */
public interface AgentTransport {

    /**
     * @param key selects the session (cookie jar); it is already inside the request XML
     */
    TransportOutcome send(AgentKey key, AgentRequest request);
}
