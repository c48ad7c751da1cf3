package hu.autoinvoice.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stream handler's HTTP API codec against the Lambda runtime's own event serialiser
 * (aws-lambda-java-serialization): every sample event reads to the same {@link APIGatewayV2HTTPEvent}, and answers
 * are the JSON the runtime would write.
 */
class HttpApiJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PojoSerializer<APIGatewayV2HTTPEvent> EVENTS =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, HttpApiJsonTest.class.getClassLoader());
    private static final PojoSerializer<APIGatewayV2HTTPResponse> ANSWERS =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, HttpApiJsonTest.class.getClassLoader());

    static Stream<Path> samples() throws IOException {
        return Files.list(Path.of("../../events/connect-api")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleEventReadsAsTheRuntimeReadsIt(Path sample) throws IOException {
        byte[] bytes = Files.readAllBytes(sample);
        APIGatewayV2HTTPEvent ours = HttpApiJson.read(new ByteArrayInputStream(bytes));

        assertThat(tree(ours)).isEqualTo(tree(EVENTS.fromJson(new ByteArrayInputStream(bytes))));
        assertThat(ours.getRequestContext().getAuthorizer().getJwt().getClaims()).containsKey("sub");
    }

    @Test
    void numericClaimsScopesCookiesAndBase64BodiesAreReadAsTheRuntimeReadsThem() throws IOException {
        String event = """
                {"version":"2.0","routeKey":"$default","rawPath":"/accounts/a%2Fb/szamlazz","rawQueryString":"x=1",
                 "cookies":["c=1"],"headers":{"content-type":"application/json"},"queryStringParameters":{"x":"1"},
                 "stageVariables":{"s":"v"},"isBase64Encoded":true,"body":"e30=",
                 "requestContext":{"http":{"method":"PUT","path":"/p","protocol":"HTTP/1.1","sourceIp":"192.0.2.1",
                   "userAgent":"ua"},"requestId":"r","timeEpoch":1795802711000,
                   "authorizer":{"jwt":{"claims":{"exp":1795806311,"account_id":"org-1","admin":true},
                     "scopes":["autoinvoice/admin"]}}}}""";
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        APIGatewayV2HTTPEvent ours = HttpApiJson.read(new ByteArrayInputStream(bytes));

        assertThat(tree(ours)).isEqualTo(tree(EVENTS.fromJson(new ByteArrayInputStream(bytes))));
        assertThat(ours.getRequestContext().getAuthorizer().getJwt().getClaims())
                .containsEntry("exp", "1795806311").containsEntry("admin", "true");
        assertThat(ours.getIsBase64Encoded()).isTrue();
    }

    @Test
    void answersAreWhatTheRuntimeWouldWrite() throws IOException {
        var withBody = APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("content-type", "application/json; charset=utf-8", "cache-control", "no-store"))
                .withBody("{\"status\":\"HEALTHY\",\"text\":\"árvíztűrő \\u2028 <&>\"}").withIsBase64Encoded(false).build();
        var noContent = APIGatewayV2HTTPResponse.builder().withStatusCode(204)
                .withHeaders(Map.of("cache-control", "no-store")).build();
        var withCookies = APIGatewayV2HTTPResponse.builder().withStatusCode(503).withCookies(List.of("a=1"))
                .withMultiValueHeaders(Map.of("x", List.of("1", "2"))).withBody("").build();
        for (APIGatewayV2HTTPResponse response : List.of(withBody, noContent, withCookies)) {
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            HttpApiJson.write(response, ours);
            assertThat(JSON.readTree(ours.toByteArray())).as("%s", response).isEqualTo(answerTree(response));
        }
    }

    private static JsonNode tree(APIGatewayV2HTTPEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EVENTS.toJson(event, out);
        return JSON.readTree(out.toByteArray());
    }

    private static JsonNode answerTree(APIGatewayV2HTTPResponse response) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ANSWERS.toJson(response, out);
        return JSON.readTree(out.toByteArray());
    }
}
