package hu.autoinvoice.local.runner;

import hu.autoinvoice.local.aws.LocalAws;
import java.util.List;

/** What a component can see when it starts: the options and the components started before it. */
public record RunnerContext(RunnerOptions options, List<LocalComponent> started) {

    public RunnerContext {
        started = List.copyOf(started);
    }

    /** The first started component of that type. */
    public <T extends LocalComponent> T component(Class<T> type) {
        return started.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " has not been started before this component"));
    }

    /** The running AWS stand-ins (started first). */
    public LocalAws aws() {
        return component(AwsComponent.class).aws();
    }
}
