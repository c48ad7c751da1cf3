package hu.autoinvoice.local.runner;

import hu.autoinvoice.agent.AgentHttpConfig;
import hu.autoinvoice.local.agent.AgentSimulator;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The Számla Agent simulator, standing in for https://www.szamlazz.hu/szamla/ (docs/SIMULATOR.md). */
public final class AgentSimulatorComponent implements AgentEndpoint {

    private final AgentSimulator simulator;

    private AgentSimulatorComponent(AgentSimulator simulator) {
        this.simulator = simulator;
    }

    public static AgentSimulatorComponent start(RunnerContext context) throws IOException {
        return new AgentSimulatorComponent(AgentSimulator.start(context.options().agentPort()));
    }

    public AgentSimulator simulator() {
        return simulator;
    }

    @Override
    public URI agentUrl() {
        return simulator.url();
    }

    /** Short timeouts: the simulator answers at once, so retries show within seconds. */
    @Override
    public AgentHttpConfig issuerHttp() {
        return AgentHttpConfig.defaults(simulator.url()).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @Override
    public boolean real() {
        return false;
    }

    @Override
    public String name() {
        return "Számla Agent simulator";
    }

    @Override
    public List<String> describe() {
        return List.of(
                String.format("%-22s %s", "Számla Agent", simulator.url()),
                String.format("%-22s %s (docs/SIMULATOR.md)", "control API", simulator.controlUrl()),
                String.format("%-22s %s", "request validation", simulator.validatesSchemas()
                        ? "every request is checked against the vendor XSDs"
                        : "OFF: vendor XSDs not found (see README)"));
    }

    @Override
    public void close() {
        simulator.close();
    }
}
