package hu.autoinvoice.local.runner;

import hu.autoinvoice.agent.AgentHttpConfig;
import java.net.URI;
import java.util.List;

/**
 * The real Számlázz.hu Agent in place of the simulator ({@code make run ARGS="--real"}): nothing is started, the
 * functions call {@link AgentHttpConfig#PRODUCTION_URL}. The Agent key comes from the environment variable
 * {@link #KEY_VARIABLE} only (never from a file). Every invoice the demo issues is a real document on that account —
 * use a Számlázz.hu test account.
 */
public final class RealAgentComponent implements AgentEndpoint {

    /** The environment variable holding the Agent key for {@code --real}. */
    public static final String KEY_VARIABLE = "SZAMLAZZ_AGENT_KEY";

    public static RealAgentComponent start(RunnerContext context) {
        return new RealAgentComponent();
    }

    @Override
    public URI agentUrl() {
        return AgentHttpConfig.PRODUCTION_URL;
    }

    @Override
    public AgentHttpConfig issuerHttp() {
        return AgentHttpConfig.production();
    }

    @Override
    public boolean real() {
        return true;
    }

    @Override
    public String name() {
        return "Számla Agent: the REAL Számlázz.hu (--real)";
    }

    @Override
    public List<String> describe() {
        return List.of(String.format("%-22s %s", "Számla Agent", agentUrl()),
                "  REAL invoices are issued on the account of $" + KEY_VARIABLE + " (use a test account).");
    }

    @Override
    public void close() {
        // nothing was started
    }
}
