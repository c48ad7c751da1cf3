package hu.autoinvoice.local.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child process of the cold-start benchmark ({@link ColdBench}), a stand-in for the Lambda Java runtime: it runs
 * on a classpath of its own (this class, aws-lambda-java-core, aws-lambda-java-serialization — never our code), loads
 * the handler from the function's shaded jar in a separate class loader as the runtime does, constructs it (init),
 * deserialises the sample event with the runtime's serialisers, invokes once and serialises the answer (first invoke);
 * a {@code RequestStreamHandler} gets the event's bytes and writes its answer itself, as in the runtime.
 * Prints {@code COLD-RESULT init_ns=… invoke_ns=…} and {@code COLD-RESPONSE <json>} on stdout.
 * <p>
 * Arguments: {@code <jar> <handler class> <event file>}.
 */
public final class ColdLauncher {

    static final String RESULT = "COLD-RESULT ";
    static final String RESPONSE = "COLD-RESPONSE ";

    private ColdLauncher() {}

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[2]));
        long start = System.nanoTime();
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL()},
                ColdLauncher.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> handlerClass = Class.forName(args[1], true, loader);
        Object handler = handlerClass.getConstructor().newInstance();
        long constructed = System.nanoTime();

        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        if (handler instanceof RequestStreamHandler stream) {
            // the runtime hands a stream handler the event's bytes: no serialiser is loaded
            stream.handleRequest(new java.io.ByteArrayInputStream(event), answer, new LauncherContext());
        } else {
            Method handle = handleRequest(handlerClass);
            Type[] io = requestHandlerTypes(handlerClass);
            PojoSerializer<Object> in = serializer(io[0], loader);
            PojoSerializer<Object> out = serializer(io[1], loader);
            Object input = in.fromJson(new java.io.ByteArrayInputStream(event));
            Object output = handle.invoke(handler, input, new LauncherContext());
            out.toJson(output, answer);
        }
        long invoked = System.nanoTime();

        System.out.flush();
        System.out.println(RESPONSE + answer.toString(StandardCharsets.UTF_8).replace('\n', ' '));
        System.out.println(RESULT + "init_ns=" + (constructed - start) + " invoke_ns=" + (invoked - constructed));
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static Method handleRequest(Class<?> handlerClass) throws NoSuchMethodException {
        return handlerClass.getMethod("handleRequest", Object.class, Context.class);
    }

    /** The {@code I, O} of {@code RequestHandler<I, O>} on the handler class. */
    private static Type[] requestHandlerTypes(Class<?> handlerClass) {
        for (Type t : handlerClass.getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType().getTypeName()
                    .equals("com.amazonaws.services.lambda.runtime.RequestHandler")) {
                return p.getActualTypeArguments();
            }
        }
        throw new IllegalArgumentException(handlerClass + " does not implement RequestHandler<I, O> directly");
    }

    /** As the runtime chooses: the events serialiser for AWS event classes, plain Jackson otherwise. */
    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Type type, ClassLoader loader) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(raw, loader);
        }
        return (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
    }

    /** The invocation context: a fixed request id, a 5-minute budget, logs to stderr. */
    static final class LauncherContext implements Context {
        private final long deadline = System.currentTimeMillis() + 300_000;

        @Override public String getAwsRequestId() { return "cold-start-bench-request"; }
        @Override public String getLogGroupName() { return "cold"; }
        @Override public String getLogStreamName() { return "cold"; }
        @Override public String getFunctionName() { return "cold"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-central-1:000000000000:function:cold"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadline - System.currentTimeMillis()); }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() { return new StderrLogger(); }
    }

    /** Lambda logger to stderr. */
    static final class StderrLogger implements LambdaLogger {
        @Override public void log(String message) { System.err.println(message); }
        @Override public void log(byte[] message) { System.err.println(new String(message, StandardCharsets.UTF_8)); }
    }

    /** The class files the child needs, by resource name (the parent copies them into the child's class folder). */
    static String[] classFiles() {
        return new String[] {"ColdLauncher.class", "ColdLauncher$LauncherContext.class", "ColdLauncher$StderrLogger.class"};
    }

    static InputStream classFile(String name) {
        return ColdLauncher.class.getResourceAsStream(name);
    }
}
