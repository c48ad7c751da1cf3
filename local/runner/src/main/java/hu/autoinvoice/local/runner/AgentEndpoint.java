package hu.autoinvoice.local.runner;

import hu.autoinvoice.agent.AgentHttpConfig;
import java.net.URI;

/**
 * Where the local functions send their Számla Agent calls: the simulator ({@link AgentSimulatorComponent}, the
 * default) or the real Számlázz.hu ({@link RealAgentComponent}, {@code make run ARGS="--real"}).
 */
public interface AgentEndpoint extends LocalComponent {

    /** The Agent URL. */
    URI agentUrl();

    /** The issuer's HTTP settings for this endpoint (the simulator answers at once; the real Agent may take 60 s). */
    AgentHttpConfig issuerHttp();

    /** True for the real Számlázz.hu: calls issue real documents on the key's account. */
    boolean real();
}
