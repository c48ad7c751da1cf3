package hu.autoinvoice.local.runner;

import hu.autoinvoice.local.aws.LocalAwsConfig;
import java.util.Map;

/**
 * Ports and timers of {@code make run}, all on 127.0.0.1: defaults, overridden by environment variables, overridden by
 * arguments ({@code make run ARGS="--sqs-port=19324"}).
 *
 * @param sqsPort      SQS (ElasticMQ): {@code --sqs-port=}, {@code AUTOINVOICE_SQS_PORT}, default 9324
 * @param dynamoDbPort DynamoDB (dynalite): {@code --dynamodb-port=}, {@code AUTOINVOICE_DYNAMODB_PORT}, default 8000
 * @param kmsPort      KMS + Secrets Manager: {@code --kms-port=}, {@code AUTOINVOICE_KMS_PORT}, default 8070
 * @param agentPort    Számla Agent simulator: {@code --agent-port=}, {@code AUTOINVOICE_AGENT_PORT}, default 8090
 * @param apiPort      connect API (HTTP front of the Lambda handler): {@code --api-port=}, {@code AUTOINVOICE_API_PORT},
 *                     default 8080
 * @param probeIntervalSeconds health probe timer: {@code --probe-interval=}, {@code AUTOINVOICE_PROBE_INTERVAL_SECONDS},
 *                     default 60; 0 = never on a timer (on demand only: {@code POST /_local/probe})
 */
public record RunnerOptions(int sqsPort, int dynamoDbPort, int kmsPort, int agentPort, int apiPort,
        int probeIntervalSeconds) {

    /** Default port of the Számla Agent simulator (docs/DESIGN.md §8). */
    public static final int MAKE_RUN_AGENT_PORT = 8090;
    /** Default port of the connect API (docs/DESIGN.md §8). */
    public static final int MAKE_RUN_API_PORT = 8080;
    /** Default seconds between local probe runs. */
    public static final int DEFAULT_PROBE_INTERVAL_SECONDS = 60;

    static final String USAGE = """
            Usage: make run [ARGS="--sqs-port=N --dynamodb-port=N --kms-port=N --agent-port=N --api-port=N --probe-interval=S"]
              --sqs-port=N       SQS (ElasticMQ)          env AUTOINVOICE_SQS_PORT       default 9324
              --dynamodb-port=N  DynamoDB (dynalite)      env AUTOINVOICE_DYNAMODB_PORT  default 8000
              --kms-port=N       KMS + Secrets Manager    env AUTOINVOICE_KMS_PORT       default 8070
              --agent-port=N     Számla Agent simulator   env AUTOINVOICE_AGENT_PORT     default 8090
              --api-port=N       connect API              env AUTOINVOICE_API_PORT       default 8080
              --probe-interval=S health probe every S s   env AUTOINVOICE_PROBE_INTERVAL_SECONDS  default 60 (0 = never)
            Port 0 picks a free port. Everything listens on 127.0.0.1 only.""";

    public RunnerOptions {
        if (probeIntervalSeconds < 0) {
            throw new IllegalArgumentException("probe interval must be 0 or more seconds\n" + USAGE);
        }
    }

    /** Every service on a free port (tests), the probe on its default timer. */
    public static RunnerOptions ephemeralPorts() {
        return new RunnerOptions(0, 0, 0, 0, 0, DEFAULT_PROBE_INTERVAL_SECONDS);
    }

    /** The documented defaults. */
    public static RunnerOptions defaults() {
        return new RunnerOptions(LocalAwsConfig.MAKE_RUN_SQS_PORT, LocalAwsConfig.MAKE_RUN_DYNAMODB_PORT,
                LocalAwsConfig.MAKE_RUN_KMS_PORT, MAKE_RUN_AGENT_PORT, MAKE_RUN_API_PORT, DEFAULT_PROBE_INTERVAL_SECONDS);
    }

    public RunnerOptions withProbeIntervalSeconds(int seconds) {
        return new RunnerOptions(sqsPort, dynamoDbPort, kmsPort, agentPort, apiPort, seconds);
    }

    /**
     * Reads {@code env}, then {@code args}.
     *
     * @throws IllegalArgumentException on an unknown argument or a bad value, with the usage text
     */
    public static RunnerOptions parse(String[] args, Map<String, String> env) {
        RunnerOptions defaults = defaults();
        int sqs = envNumber(env, "AUTOINVOICE_SQS_PORT", defaults.sqsPort(), RunnerOptions::port);
        int dynamoDb = envNumber(env, "AUTOINVOICE_DYNAMODB_PORT", defaults.dynamoDbPort(), RunnerOptions::port);
        int kms = envNumber(env, "AUTOINVOICE_KMS_PORT", defaults.kmsPort(), RunnerOptions::port);
        int agent = envNumber(env, "AUTOINVOICE_AGENT_PORT", defaults.agentPort(), RunnerOptions::port);
        int api = envNumber(env, "AUTOINVOICE_API_PORT", defaults.apiPort(), RunnerOptions::port);
        int probeInterval = envNumber(env, "AUTOINVOICE_PROBE_INTERVAL_SECONDS", defaults.probeIntervalSeconds(),
                RunnerOptions::seconds);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (name) {
                case "--sqs-port" -> sqs = port(name, value);
                case "--dynamodb-port" -> dynamoDb = port(name, value);
                case "--kms-port" -> kms = port(name, value);
                case "--agent-port" -> agent = port(name, value);
                case "--api-port" -> api = port(name, value);
                case "--probe-interval" -> probeInterval = seconds(name, value);
                default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        return new RunnerOptions(sqs, dynamoDb, kms, agent, api, probeInterval);
    }

    /** The stand-in configuration for these ports. */
    public LocalAwsConfig localAwsConfig() {
        return LocalAwsConfig.defaults().withPorts(sqsPort, dynamoDbPort, kmsPort);
    }

    private interface NumberParser {
        int parse(String name, String value);
    }

    private static int envNumber(Map<String, String> env, String name, int fallback, NumberParser parser) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : parser.parse(name, value);
    }

    private static int port(String name, String value) {
        return whole(name, value, 0, 65535, "a port number 0-65535");
    }

    private static int seconds(String name, String value) {
        return whole(name, value, 0, Integer.MAX_VALUE, "a whole number of seconds (0 = never)");
    }

    private static int whole(String name, String value, int min, int max, String what) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be " + what + ", got '" + value + "'\n" + USAGE);
    }
}
