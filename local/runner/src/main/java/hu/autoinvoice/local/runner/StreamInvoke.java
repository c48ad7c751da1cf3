package hu.autoinvoice.local.runner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Calls a function's {@link RequestStreamHandler} the way the Lambda service does: the event object is written as
 * the JSON Lambda would send (with the Lambda runtime's own event serialisers, aws-lambda-java-serialization), the
 * handler reads and answers bytes, and the answer is read back with the same serialisers. So every local run and
 * end-to-end test goes through the functions' own event codecs, checked against the runtime's.
 */
public final class StreamInvoke {

    private StreamInvoke() {}

    /** {@code handler} as a {@code RequestHandler<I, O>} over JSON. */
    public static <I, O> RequestHandler<I, O> of(RequestStreamHandler handler, Class<I> in, Class<O> out) {
        PojoSerializer<I> request = serializer(in);
        PojoSerializer<O> response = serializer(out);
        return (I event, Context context) -> {
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            request.toJson(event, json);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(json.toByteArray()), answer, context);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return response.fromJson(new ByteArrayInputStream(answer.toByteArray()));
        };
    }

    /** As the runtime chooses: the events serialiser for AWS event classes, plain Jackson otherwise. */
    static <T> PojoSerializer<T> serializer(Class<T> type) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return LambdaEventSerializers.serializerFor(type, StreamInvoke.class.getClassLoader());
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }
}
