package hu.autoinvoice.local.runner;

import hu.autoinvoice.local.aws.LocalAwsConfig;
import java.util.Map;

/**
 * Ports of {@code make run}, all on 127.0.0.1: defaults, overridden by environment variables, overridden by
 * arguments ({@code make run ARGS="--sqs-port=19324"}).
 *
 * @param sqsPort      SQS (ElasticMQ): {@code --sqs-port=}, {@code AUTOINVOICE_SQS_PORT}, default 9324
 * @param dynamoDbPort DynamoDB (dynalite): {@code --dynamodb-port=}, {@code AUTOINVOICE_DYNAMODB_PORT}, default 8000
 * @param kmsPort      KMS + Secrets Manager: {@code --kms-port=}, {@code AUTOINVOICE_KMS_PORT}, default 8070
 * @param agentPort    Számla Agent simulator: {@code --agent-port=}, {@code AUTOINVOICE_AGENT_PORT}, default 8090
 * @param apiPort      connect API (HTTP front of the Lambda handler): {@code --api-port=}, {@code AUTOINVOICE_API_PORT}, default 8080
 */
public record RunnerOptions(int sqsPort, int dynamoDbPort, int kmsPort, int agentPort, int apiPort) {

    /** Default port of the Számla Agent simulator (DESIGN §8). */
    public static final int MAKE_RUN_AGENT_PORT = 8090;

    /** Default port of the connect API (DESIGN §8). */
    public static final int MAKE_RUN_API_PORT = 8080;

    /** The documented defaults with the connect API's port; the four-port form keeps older callers working. */
    public RunnerOptions(int sqsPort, int dynamoDbPort, int kmsPort, int agentPort) {
        this(sqsPort, dynamoDbPort, kmsPort, agentPort, MAKE_RUN_API_PORT);
    }

    static final String USAGE = """
            Usage: make run [ARGS="--sqs-port=N --dynamodb-port=N --kms-port=N --agent-port=N --api-port=N"]
              --sqs-port=N       SQS (ElasticMQ)          env AUTOINVOICE_SQS_PORT       default 9324
              --dynamodb-port=N  DynamoDB (dynalite)      env AUTOINVOICE_DYNAMODB_PORT  default 8000
              --kms-port=N       KMS + Secrets Manager    env AUTOINVOICE_KMS_PORT       default 8070
              --agent-port=N     Számla Agent simulator   env AUTOINVOICE_AGENT_PORT     default 8090
              --api-port=N       connect API              env AUTOINVOICE_API_PORT       default 8080
            Port 0 picks a free port. Everything listens on 127.0.0.1 only.""";

    /** The documented defaults. */
    public static RunnerOptions defaults() {
        return new RunnerOptions(LocalAwsConfig.MAKE_RUN_SQS_PORT, LocalAwsConfig.MAKE_RUN_DYNAMODB_PORT,
                LocalAwsConfig.MAKE_RUN_KMS_PORT, MAKE_RUN_AGENT_PORT, MAKE_RUN_API_PORT);
    }

    /**
     * Reads {@code env}, then {@code args}.
     *
     * @throws IllegalArgumentException on an unknown argument or a bad port, with the usage text
     */
    public static RunnerOptions parse(String[] args, Map<String, String> env) {
        RunnerOptions defaults = defaults();
        int sqs = envPort(env, "AUTOINVOICE_SQS_PORT", defaults.sqsPort());
        int dynamoDb = envPort(env, "AUTOINVOICE_DYNAMODB_PORT", defaults.dynamoDbPort());
        int kms = envPort(env, "AUTOINVOICE_KMS_PORT", defaults.kmsPort());
        int agent = envPort(env, "AUTOINVOICE_AGENT_PORT", defaults.agentPort());
        int api = envPort(env, "AUTOINVOICE_API_PORT", defaults.apiPort());
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
                default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        return new RunnerOptions(sqs, dynamoDb, kms, agent, api);
    }

    /** The stand-in configuration for these ports. */
    public LocalAwsConfig localAwsConfig() {
        return LocalAwsConfig.defaults().withPorts(sqsPort, dynamoDbPort, kmsPort);
    }

    private static int envPort(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : port(name, value);
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a port number 0-65535, got '" + value + "'\n" + USAGE);
    }
}
