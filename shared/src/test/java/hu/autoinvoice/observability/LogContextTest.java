package hu.autoinvoice.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

    @Test
    void scopesRestoreThePreviousValue() {
        try (var outer = LogContext.put(LogContext.ACCOUNT_ID, "org-1")) {
            try (var inner = LogContext.put(LogContext.ACCOUNT_ID, "org-2")) {
                assertThat(MDC.get(LogContext.ACCOUNT_ID)).isEqualTo("org-2");
            }
            assertThat(MDC.get(LogContext.ACCOUNT_ID)).isEqualTo("org-1");
        }
        assertThat(MDC.get(LogContext.ACCOUNT_ID)).isNull();
    }

    @Test
    void carriesTheCallersContextToAVirtualThreadAndLeavesNothingBehind() throws Exception {
        String seen;
        try (var scope = LogContext.invocation("req-1");
             var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            seen = threads.submit(LogContext.carried(() -> MDC.get(LogContext.AWS_REQUEST_ID))).get();
            String bare = threads.submit(() -> String.valueOf(MDC.get(LogContext.AWS_REQUEST_ID))).get();
            assertThat(bare).isEqualTo("null");
        }
        assertThat(seen).isEqualTo("req-1");
        assertThat(MDC.get(LogContext.AWS_REQUEST_ID)).isNull();
    }
}
