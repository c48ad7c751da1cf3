package hu.autoinvoice.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import hu.autoinvoice.json.JsonValues;
import hu.autoinvoice.observability.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;

/**
 * The scheduled health probe (an EventBridge scheduled event): one {@link HealthProbe} run bounded by the
 * invocation's remaining time; answers the {@link ProbeReport} as JSON. The event's content does not matter (where
 * to continue is kept in the accounts table), so the stream handler does not even parse it.
 */
public final class HealthProbeHandler implements RequestStreamHandler {

    private final HealthProbe probe;

    /** The Lambda runtime's constructor: everything from the environment ({@link HealthProbeWiring#fromEnvironment()}). */
    public HealthProbeHandler() {
        this(HealthProbeWiring.fromEnvironment().probe());
    }

    /** Over a probe ({@link HealthProbeWiring#handler()} builds it). */
    public HealthProbeHandler(HealthProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    @Override
    public void handleRequest(InputStream event, OutputStream output, Context context) throws IOException {
        JsonValues.write(run(context), output);
    }

    /** One probe run within the invocation's remaining time; the report as a map. */
    public Map<String, Object> run(Context context) {
        try (var scope = LogContext.invocation(context.getAwsRequestId())) {
            return probe.run(context::getRemainingTimeInMillis).asMap();
        }
    }
}
