package hu.autoinvoice.probe;

import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.agent.AgentError;
import hu.autoinvoice.agent.AgentResult;
import hu.autoinvoice.agent.InvoiceData;
import hu.autoinvoice.agent.InvoicePreview;
import hu.autoinvoice.agent.OutcomeClass;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Agent's answers say about an account: the status it should have, or nothing conclusive (docs/DESIGN.md §6).
 * Decided by {@link #of} from the sentinel query and, for prefix / e-invoice problems, the preview create.
 */
public sealed interface ProbeVerdict {

    /** The status the account should have, empty when inconclusive. */
    Optional<AccountStatus> status();

    /** Why, in words fit for {@code statusReason} and logs (never the key). */
    String reason();

    /** The key works (and the preview passed where one was needed). */
    record Healthy(String reason) implements ProbeVerdict {
        @Override
        public Optional<AccountStatus> status() {
            return Optional.of(AccountStatus.HEALTHY);
        }
    }

    /** An account-level refusal: the account should be in {@code problem}. */
    record Problem(AccountStatus problem, String reason) implements ProbeVerdict {
        public Problem {
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public Optional<AccountStatus> status() {
            return Optional.of(problem);
        }
    }

    /** Transient, unknown or unexpected answer (or a preview needed but not made): leave the status alone. */
    record Inconclusive(String reason) implements ProbeVerdict {
        @Override
        public Optional<AccountStatus> status() {
            return Optional.empty();
        }
    }

    /**
     * The verdict for an account now in {@code current}, given the sentinel query's answer and the preview's (if
     * one was made). Code 7 (or, oddly, a found sentinel) means the credentials work; for
     * {@link AccountStatus#needsPreviewToRecheck()} statuses only a passing preview means healthy.
     */
    static ProbeVerdict of(AccountStatus current, AgentResult<InvoiceData> query,
            Optional<AgentResult<InvoicePreview>> preview) {
        if (query instanceof AgentResult.Failed<InvoiceData> failed
                && failed.error().outcomeClass() != OutcomeClass.NOT_FOUND) {
            return refusal(failed.error(), "query");
        }
        if (!current.needsPreviewToRecheck()) {
            return new Healthy("probe: the Agent accepted the key");
        }
        if (preview.isEmpty()) {
            return new Inconclusive("probe: " + current + " needs a preview to recheck, none was made");
        }
        return switch (preview.get()) {
            case AgentResult.Ok<InvoicePreview> ok -> new Healthy("probe: the Agent accepted a preview invoice");
            case AgentResult.Failed<InvoicePreview> failed -> refusal(failed.error(), "preview");
        };
    }

    /** True when a preview must follow this query for an account in {@code current}. */
    static boolean previewNeeded(AccountStatus current, AgentResult<InvoiceData> query) {
        boolean credentialsOk = query.isOk()
                || ((AgentResult.Failed<InvoiceData>) query).error().outcomeClass() == OutcomeClass.NOT_FOUND;
        return credentialsOk && current.needsPreviewToRecheck();
    }

    private static ProbeVerdict refusal(AgentError error, String call) {
        String described = "Agent " + call + " " + error.outcomeClass()
                + error.code().stream().mapToObj(c -> " code " + c).findFirst().orElse("") + ": " + error.message();
        return error.accountProblem()
                .<ProbeVerdict>map(problem -> new Problem(AccountStatus.of(problem), described))
                .orElseGet(() -> new Inconclusive(described));
    }
}
