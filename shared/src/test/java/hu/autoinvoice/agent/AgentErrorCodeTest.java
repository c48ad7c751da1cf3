package hu.autoinvoice.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AgentErrorCodeTest {

    /** The table as AgentErrorCodes held it before this enum replaced it (issue 16): every code keeps its class. */
    private static Map<Integer, OutcomeClass> previousTable() {
        Map<Integer, OutcomeClass> table = new TreeMap<>();
        put(table, OutcomeClass.TRANSIENT, 1, 55, 167);
        put(table, OutcomeClass.ACCOUNT, 3, 8, 17, 49, 54, 135, 136, 137, 164, 202, 250, 353, 354, 356, 357, 524, 539);
        put(table, OutcomeClass.DATA, 14, 52, 53, 57, 68, 73, 101, 200, 221, 259, 260, 261, 262, 263, 264, 309, 335,
                339, 340, 352, 363, 364, 365, 395, 396, 463, 537, 538, 551, 552, 553, 554, 555, 556);
        put(table, OutcomeClass.DATA, 358, 359, 489, 491, 493, 494);
        put(table, OutcomeClass.DUPLICATE_ORDER, 71, 152);
        // added by issue 18 (receipts): a repeated call id is a duplicate, recovered by a get of the call id
        put(table, OutcomeClass.DUPLICATE_ORDER, 338);
        // and the receipt prefix's refusals are the account's setting, like the invoice prefix's 202: the account is
        // marked and its receipts park until the organiser reconnects, instead of each going to the DLQ
        put(table, OutcomeClass.ACCOUNT, 336, 337);
        put(table, OutcomeClass.NOT_FOUND, 7);
        put(table, OutcomeClass.UNKNOWN, 56);
        return table;
    }

    private static void put(Map<Integer, OutcomeClass> table, OutcomeClass outcomeClass, int... codes) {
        for (int code : codes) {
            assertThat(table.put(code, outcomeClass)).as("code %d", code).isNull();
        }
    }

    @Test
    void everyCodeKeepsItsClassAndNoCodeIsMissingOrAdded() {
        Map<Integer, OutcomeClass> enumTable = Arrays.stream(AgentErrorCode.values())
                .collect(Collectors.toMap(AgentErrorCode::code, AgentErrorCode::outcomeClass, (a, b) -> a, TreeMap::new));
        assertThat(enumTable).isEqualTo(previousTable());
        previousTable().forEach((code, cls) -> {
            assertThat(AgentErrorCode.classify(code)).as("code %d", code).isEqualTo(cls);
            assertThat(AgentErrorCode.of(code).map(AgentErrorCode::code)).as("code %d", code).contains(code);
        });
    }

    @Test
    void everyCodeIsUniqueAndAListedTwiceCodeFailsTheTable() {
        assertThat(Arrays.stream(AgentErrorCode.values()).map(AgentErrorCode::code).distinct().count())
                .isEqualTo(AgentErrorCode.values().length);
        assertThat(AgentErrorCode.index(List.of(AgentErrorCode.values()))).hasSize(AgentErrorCode.values().length);
        assertThatThrownBy(() -> AgentErrorCode.index(List.of(AgentErrorCode.MAINTENANCE, AgentErrorCode.LOGIN_FAILED,
                AgentErrorCode.MAINTENANCE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("error code 1 listed twice");
    }

    @Test
    void aCodeNotInTheTableIsUnknown() {
        for (int code : new int[] {0, -1, 2, 341, 999, Integer.MAX_VALUE}) {
            assertThat(AgentErrorCode.of(code)).as("code %d", code).isEmpty();
            assertThat(AgentErrorCode.classify(code)).as("code %d", code).isEqualTo(OutcomeClass.UNKNOWN);
        }
        assertThat(AgentErrorCode.classify(56)).as("56 without a number").isEqualTo(OutcomeClass.UNKNOWN);
    }

    @Test
    void everyCodeHasItsHungarianAndEnglishMeaning() {
        for (AgentErrorCode c : AgentErrorCode.values()) {
            assertThat(c.hungarian()).as(c.name()).isNotBlank().isEqualTo(c.hungarian().strip());
            assertThat(c.english()).as(c.name()).isNotBlank().isEqualTo(c.english().strip());
        }
    }

    @Test
    void onlyTheDuplicateOrderTextNamesTheOrder() {
        for (AgentErrorCode c : AgentErrorCode.values()) {
            assertThat(c.hungarian().contains(AgentErrorCode.ORDER_PLACEHOLDER)).as(c.name())
                    .isEqualTo(c == AgentErrorCode.DUPLICATE_ORDER_NUMBER);
            if (c != AgentErrorCode.DUPLICATE_ORDER_NUMBER) {
                assertThat(c.hungarian("P-7")).as(c.name()).isEqualTo(c.hungarian());
            }
        }
        assertThat(AgentErrorCode.DUPLICATE_ORDER_NUMBER.hungarian("P-7"))
                .isEqualTo("Már létező rendelésszám: P-7. Az ismétlődés engedélyezhető a Beállítások oldalon.");
    }

    @Test
    void accountCodesAndOnlyThoseNameAnAccountProblem() {
        for (AgentErrorCode c : AgentErrorCode.values()) {
            assertThat(c.accountProblem().isPresent()).as(c.name()).isEqualTo(c.outcomeClass() == OutcomeClass.ACCOUNT);
            assertThat(AgentError.ofCode(c.code(), "").accountProblem()).as(c.name()).isEqualTo(c.accountProblem());
        }
        assertThat(AgentErrorCode.LOGIN_FAILED.accountProblem()).contains(AccountProblem.KEY_REJECTED);
        assertThat(AgentErrorCode.LOGIN_BLOCKED.accountProblem()).contains(AccountProblem.ACCOUNT_BLOCKED);
        assertThat(AgentErrorCode.EINVOICE_NOT_ALLOWED.accountProblem()).contains(AccountProblem.EINVOICE_NOT_ALLOWED);
        assertThat(AgentErrorCode.PREFIX_INVALID.accountProblem()).contains(AccountProblem.PREFIX_INVALID);
        assertThat(Arrays.stream(AgentErrorCode.values())
                .filter(c -> c.accountProblem().filter(p -> p != AccountProblem.OTHER).isPresent())
                .map(AgentErrorCode::code))
                .containsExactlyInAnyOrder(3, 54, 136, 202, 336, 337, 524); // the last three: the receipt prefix
    }

    @Test
    void anErrorKnowsItsCode() {
        assertThat(AgentError.ofCode(152, "x").known()).contains(AgentErrorCode.DUPLICATE_ORDER_NUMBER);
        assertThat(AgentError.ofCode(341, "x").known()).isEmpty();
        assertThat(AgentError.of(OutcomeClass.TRANSIENT, "timeout").known()).isEmpty();
        assertThat(new AgentError(OutcomeClass.ACCOUNT, OptionalInt.of(57), "").accountProblem())
                .as("an account error whose code is not an account code")
                .contains(AccountProblem.OTHER);
    }
}
