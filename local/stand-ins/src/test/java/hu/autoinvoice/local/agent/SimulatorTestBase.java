package hu.autoinvoice.local.agent;

import hu.autoinvoice.testing.TestKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Starts one simulator per test class (fixed clock: 2026-11-27 in Budapest) and resets it before every test. */
abstract class SimulatorTestBase {

    static final String KEY = TestKeys.key("9f1c2b3a4d5e6f708192a3b4c5d6ecdea");
    static final String OTHER_KEY = TestKeys.key("0a1b2c3d4e5f60718293a4b5c6d7ed4ef");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:15:00Z"), ZoneOffset.UTC);

    static AgentSimulator simulator;
    static SimHttp http;

    @BeforeAll
    static void startSimulator() {
        simulator = AgentSimulator.start(0, CLOCK);
        http = new SimHttp(simulator);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
        simulator.putAccount(KEY, AccountUpdate.none().withPrefixes(List.of("TIX", "EVT")));
    }

    static InvoiceXml invoice() {
        return InvoiceXml.invoice(KEY);
    }
}
