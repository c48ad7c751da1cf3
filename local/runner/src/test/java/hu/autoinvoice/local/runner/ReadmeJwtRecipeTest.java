package hu.autoinvoice.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import hu.autoinvoice.local.aws.ProjectRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's recipe for a local JWT, run as written (with a claim long enough that plain `base64` wraps its output):
 * the token is three base64url parts, one line, no padding, and reads back to the claims.
 */
class ReadmeJwtRecipeTest {

    @Test
    void theReadmesTokenRecipeMakesAWellFormedJwtForALongClaim() throws Exception {
        List<String> readme = Files.readAllLines(ProjectRoot.find().orElseThrow().resolve("README.md"));
        List<String> recipe = readme.stream().map(String::strip)
                .filter(l -> l.startsWith("b64url()") || l.startsWith("TOKEN=")).toList();
        assertThat(recipe).as("the README defines b64url and TOKEN").hasSize(2);
        String account = "org-" + "x".repeat(60);
        String script = String.join("\n", recipe).replace("org-42", account) + "\nprintf '%s' \"$TOKEN\"";
        Process bash = new ProcessBuilder("bash", "-c", script).start();
        String token = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).isZero();

        assertThat(token).doesNotContainPattern("[\\s+/=]");
        String[] parts = token.split("\\.", -1);
        assertThat(parts).hasSize(3);
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)).isEqualTo("{\"alg\":\"none\"}");
        assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                .isEqualTo("{\"account_id\":\"" + account + "\"}");
        assertThat(parts[2]).isEmpty();
    }
}
