package hu.autoinvoice.local.runner;

import java.util.List;

/** One piece of {@code make run} (the AWS stand-ins, later the simulator, the connect API, the queue poller). */
public interface LocalComponent extends AutoCloseable {

    /** Short name for the start-up listing. */
    String name();

    /** Lines printed at start-up: endpoints, resource names, how to use it. */
    List<String> describe();

    /** Stops it; must not throw for an already stopped component. */
    @Override
    void close();
}
