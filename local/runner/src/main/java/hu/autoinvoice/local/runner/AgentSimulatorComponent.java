package hu.autoinvoice.local.runner;

import hu.autoinvoice.local.agent.AgentSimulator;
import java.io.IOException;
import java.util.List;

/** The Számla Agent simulator, standing in for https://www.szamlazz.hu/szamla/ (docs/SIMULATOR.md). */
public final class AgentSimulatorComponent implements LocalComponent {

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
