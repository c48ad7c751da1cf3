package hu.autoinvoice.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's table of the connect API's error codes is the code's: every code, status, and hu/en text. */
class ReadmeErrorCodesTest {

    static String table() {
        StringBuilder table = new StringBuilder("| code | HTTP | en | hu |\n|---|---|---|---|\n");
        for (ErrorCode code : ErrorCode.values()) {
            Bilingual text = ConnectTexts.error(code);
            table.append("| `").append(code.name()).append("` | ").append(code.httpStatus()).append(" | ")
                    .append(text.en().replace("|", "\\|")).append(" | ").append(text.hu().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    @Test
    void theReadmeListsEveryErrorCodeWithTheTextsTheApiAnswers() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("functions"))) {
            dir = dir.getParent();
        }
        Path readme = dir.resolve("README.md");
        assertThat(Files.readString(readme))
                .as("README.md's error code table is out of date; replace it with:%n%s", table())
                .contains(table());
    }
}
