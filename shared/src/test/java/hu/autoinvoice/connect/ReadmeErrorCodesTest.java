package hu.autoinvoice.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's table of the connect API's error codes is the code's: every code, status, and hu/en text, and nothing
 * else. The table is the exact text between {@link #BEGIN} and {@link #END}; any other line there (a stray note, pasted
 * test output) fails, as does a second pair of markers or none.
 */
class ReadmeErrorCodesTest {

    static final String BEGIN = "<!-- error-codes:begin -->";
    static final String END = "<!-- error-codes:end -->";

    static String table() {
        StringBuilder table = new StringBuilder("| code | HTTP | en | hu |\n|---|---|---|---|\n");
        for (ErrorCode code : ErrorCode.values()) {
            Bilingual text = ConnectTexts.error(code);
            table.append("| `").append(code.name()).append("` | ").append(code.httpStatus()).append(" | ")
                    .append(text.en().replace("|", "\\|")).append(" | ").append(text.hu().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    /** The text strictly between the one pair of markers, each on a line of its own. */
    static String block(String readme) {
        String text = readme.replace("\r\n", "\n");
        int begin = text.indexOf("\n" + BEGIN + "\n");
        int end = text.indexOf("\n" + END + "\n");
        if (begin < 0 || end < 0 || end < begin) {
            throw new IllegalStateException("README.md needs the lines " + BEGIN + " and " + END + ", in that order, around "
                    + "the error code table");
        }
        if (text.indexOf(BEGIN, begin + 1 + BEGIN.length()) >= 0 || text.indexOf(END, end + 1 + END.length()) >= 0) {
            throw new IllegalStateException("README.md has more than one " + BEGIN + " / " + END);
        }
        return text.substring(begin + BEGIN.length() + 2, end + 1);
    }

    @Test
    void theReadmesErrorCodeBlockIsExactlyTheCodesTable() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("functions"))) {
            dir = dir.getParent();
        }
        String readme = Files.readString(dir.resolve("README.md"));
        assertThat(block(readme))
                .as("README.md's error code table (between %s and %s) is out of date; replace it with:%n%s", BEGIN, END, table())
                .isEqualTo(table());
    }

    @Test
    void anyStrayLineInsideTheMarkersFailsTheComparison() {
        String good = "intro\n" + BEGIN + "\n" + table() + END + "\nafter\n";
        assertThat(block(good)).isEqualTo(table());
        for (String stray : new String[] {
                "[ERROR] Failures: ReadmeErrorCodesTest.theReadmeListsEveryErrorCode:31 Expecting actual:\n",
                "\n", "| `NOT_FOUND` | 404 | No such route. | Nincs ilyen végpont. |\n"}) {
            assertThat(block("intro\n" + BEGIN + "\n" + stray + table() + END + "\n")).as(stray).isNotEqualTo(table());
            assertThat(block("intro\n" + BEGIN + "\n" + table() + stray + END + "\n")).as(stray).isNotEqualTo(table());
        }
        assertThatThrownBy(() -> block("intro\n" + table())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> block(good + good)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> block("x\n" + END + "\n" + table() + BEGIN + "\n")).isInstanceOf(IllegalStateException.class);
    }
}
