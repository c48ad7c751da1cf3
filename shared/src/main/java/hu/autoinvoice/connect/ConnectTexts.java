package hu.autoinvoice.connect;

import hu.autoinvoice.account.AccountStatus;
import hu.autoinvoice.ledger.Reason;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one place for what organisers read, in Hungarian and English: the remediation for every
 * {@link AccountStatus} and the message of every {@link ErrorCode}. The refusal reasons follow the seed FAQ of our
 * help page: mistyped or deleted key, debt on the Számlázz.hu account, e-invoice not in the package, prefix not
 * created or not enabled. A refusal's message is the remediation of the status it would put the account in.
 */
public final class ConnectTexts {

    private static final Map<AccountStatus, Bilingual> REMEDIATION = new EnumMap<>(AccountStatus.class);
    private static final Map<ErrorCode, Bilingual> ERRORS = new EnumMap<>(ErrorCode.class);

    static {
        REMEDIATION.put(AccountStatus.HEALTHY, new Bilingual(
                "Nincs teendő: a számlák automatikusan elkészülnek a Számlázz.hu fiókjában.",
                "Nothing to do: invoices are issued automatically from your Számlázz.hu account."));
        REMEDIATION.put(AccountStatus.KEY_REJECTED, new Bilingual(
                "A Számlázz.hu nem fogadta el a Számla Agent kulcsot: elgépelték, vagy a kulcsot törölték. "
                        + "Hozzon létre új kulcsot a Számlázz.hu kezdőlapján, a „Számla Agent kulcsok” résznél, "
                        + "és csatlakoztassa azzal a fiókot. A kulcsot pontosan, kisbetűkkel másolja be.",
                "Számlázz.hu did not accept the Számla Agent key: it is mistyped or the key was deleted. "
                        + "Generate a new key on the Számlázz.hu dashboard under \"Számla Agent kulcsok\" "
                        + "(Számla Agent keys) and connect with it. Paste the key exactly, in lowercase."));
        REMEDIATION.put(AccountStatus.ACCOUNT_BLOCKED, new Bilingual(
                "A Számlázz.hu fiókja zárolva van kifizetetlen Számlázz.hu díj vagy lejárt előfizetés miatt. "
                        + "Fizesse ki a nyitott Számlázz.hu számlát, illetve hosszabbítsa meg az előfizetést; "
                        + "bankkártyás automatikus fizetés beállításával ez a jövőben elkerülhető. "
                        + "A számlák addig várakoznak, és a fiók helyreállása után elkészülnek.",
                "Your Számlázz.hu account is blocked because of unpaid Számlázz.hu fees or an expired "
                        + "subscription. Pay the outstanding Számlázz.hu invoice or renew the subscription; setting "
                        + "up a bank card for automatic payment avoids this in future. Invoices wait and are issued "
                        + "once the account works again."));
        REMEDIATION.put(AccountStatus.EINVOICE_NOT_ALLOWED, new Bilingual(
                "Az e-számla nem része a Számlázz.hu előfizetési csomagjának. Váltson e-számlát is tartalmazó "
                        + "csomagra, vagy csatlakoztassa a fiókot kikapcsolt e-számlával (papír alapú számlák).",
                "E-invoicing is not part of your Számlázz.hu package. Switch to a package that includes "
                        + "e-invoices, or connect with e-invoice turned off (paper invoices)."));
        REMEDIATION.put(AccountStatus.PREFIX_INVALID, new Bilingual(
                "A megadott számlaszám-előtag nincs létrehozva vagy nincs engedélyezve a Számlázz.hu-ban. "
                        + "Hozza létre és engedélyezze a Beállítások → Előtagok menüpontban, vagy hagyja üresen "
                        + "az előtagot, és a fiók alapértelmezett előtagja lesz használva.",
                "The invoice number prefix is not created or not enabled in Számlázz.hu. Create and enable it "
                        + "under Beállítások → Előtagok (Settings → Prefixes), or leave the prefix empty to use "
                        + "the account's default prefix."));
        REMEDIATION.put(AccountStatus.UNKNOWN, new Bilingual(
                "A Számlázz.hu más okból utasította el a fiókot (lásd az állapot okát). Ellenőrizze a fiókot a "
                        + "Számlázz.hu-ban, vagy forduljon az ügyfélszolgálatunkhoz.",
                "Számlázz.hu refused the account for another reason (see the status reason). Check the account "
                        + "in Számlázz.hu or contact our support."));

        ERRORS.put(ErrorCode.VALIDATION_FAILED, new Bilingual(
                "A kérés hibás; a hibás mezőket a fields lista sorolja fel.",
                "The request is invalid; the fields list names what to fix."));
        ERRORS.put(ErrorCode.FORBIDDEN, new Bilingual(
                "Ehhez a fiókhoz nincs jogosultsága.", "You may not act on this account."));
        ERRORS.put(ErrorCode.INVOICE_NOT_FOUND, new Bilingual(
                "Ehhez a vásárláshoz nincs számla-tétel: még nem érkezett meg az üzenete, vagy hibás az azonosító.",
                "There is no invoice item for this purchase: its message has not arrived yet, or the id is wrong."));
        ERRORS.put(ErrorCode.PDF_TOO_LARGE, new Bilingual(
                "A számla PDF-je nagyobb, mint amit itt le lehet tölteni (4,4 MB); töltse le a Számlázz.hu-ban.",
                "The invoice's PDF is larger than can be downloaded here (4.4 MB); download it in Számlázz.hu."));
        ERRORS.put(ErrorCode.NOT_CONNECTED, new Bilingual(
                "Ehhez a fiókhoz nincs Számlázz.hu fiók csatlakoztatva.",
                "No Számlázz.hu account is connected for this account."));
        ERRORS.put(ErrorCode.KEY_IN_USE, new Bilingual(
                "Ez a Számla Agent kulcs már egy másik fiókhoz van csatlakoztatva. Minden fiókhoz külön "
                        + "kulcsot hozzon létre a Számlázz.hu „Számla Agent kulcsok” részénél, vagy előbb "
                        + "bontsa a kapcsolatot a másik fióknál.",
                "This Számla Agent key is already connected to another account. Generate a separate key for "
                        + "each account under \"Számla Agent kulcsok\" in Számlázz.hu, or disconnect the other "
                        + "account first."));
        ERRORS.put(ErrorCode.CONFLICT, new Bilingual(
                "A kapcsolatot közben valaki más is módosította. Kérjük, próbálja újra.",
                "The connection was changed by someone else at the same moment. Please try again."));
        ERRORS.put(ErrorCode.KEY_REJECTED, REMEDIATION.get(AccountStatus.KEY_REJECTED));
        ERRORS.put(ErrorCode.ACCOUNT_BLOCKED, REMEDIATION.get(AccountStatus.ACCOUNT_BLOCKED));
        ERRORS.put(ErrorCode.EINVOICE_NOT_ALLOWED, REMEDIATION.get(AccountStatus.EINVOICE_NOT_ALLOWED));
        ERRORS.put(ErrorCode.PREFIX_INVALID, REMEDIATION.get(AccountStatus.PREFIX_INVALID));
        ERRORS.put(ErrorCode.RECEIPTS_NOT_ALLOWED, new Bilingual(
                "A Számlázz.hu fiók nem állíthat ki nyugtát a Számla Agenten keresztül: a díjcsomag nem tartalmazza "
                        + "(például az ingyenes csomag), vagy a felhasználónak nincs hozzá jogosultsága. Váltson nyugtát "
                        + "is tartalmazó csomagra, vagy csatlakoztassa a fiókot számlákkal (documentType: invoice).",
                "This Számlázz.hu account cannot issue receipts through the Számla Agent: its package does not include "
                        + "them (e.g. the free package), or the user lacks the permission. Switch to a package with "
                        + "receipts, or connect with invoices (documentType \"invoice\")."));
        ERRORS.put(ErrorCode.RECEIPT_PREFIX_IS_INVOICE_PREFIX, new Bilingual(
                "A megadott nyugta-előtag ebben a Számlázz.hu fiókban számlaszám-előtag, számla-előtag alatt pedig a "
                        + "Számlázz.hu nem állít ki nyugtát. Adjon meg egy másik, csak nyugtákhoz használt előtagot "
                        + "(nagybetűk és számjegyek).",
                "The receipt prefix is an invoice number prefix of this Számlázz.hu account, and Számlázz.hu issues no "
                        + "receipts under an invoice prefix. Choose another prefix, used for receipts only (upper-case "
                        + "letters and digits)."));
        ERRORS.put(ErrorCode.RECEIPT_PREFIX_NOT_ENABLED, new Bilingual(
                "A megadott nyugta-előtag nincs engedélyezve a Számlázz.hu-ban. Engedélyezze a Számlázz.hu "
                        + "beállításaiban, vagy adjon meg egy engedélyezett nyugta-előtagot.",
                "The receipt prefix is not enabled in Számlázz.hu. Enable it in the Számlázz.hu settings, or choose an "
                        + "enabled receipt prefix."));
        ERRORS.put(ErrorCode.ACCOUNT_REFUSED, REMEDIATION.get(AccountStatus.UNKNOWN));
        ERRORS.put(ErrorCode.INTERNAL_ERROR, new Bilingual(
                "Váratlan hiba történt. Kérjük, próbálja újra, vagy forduljon az ügyfélszolgálatunkhoz.",
                "Something went wrong on our side. Please try again or contact our support."));
        ERRORS.put(ErrorCode.REISSUE_TOO_SOON, new Bilingual(
                "Az újraküldés ennél a fióknál épp most futott le; az akkor elküldött számlák készülnek. Próbálja újra a "
                        + "Retry-After fejlécben megadott idő után.",
                "A re-issue of this account ran moments ago; the invoices it sent are being issued. Try again after "
                        + "the time in the Retry-After header."));
        ERRORS.put(ErrorCode.TOO_MANY_REQUESTS, new Bilingual(
                "Ehhez a fiókhoz rövid idő alatt túl sok kérés érkezett. Próbálja újra a Retry-After fejlécben megadott "
                        + "idő után.",
                "Too many requests for this account in a short time. Try again after the time in the Retry-After "
                        + "header."));
        ERRORS.put(ErrorCode.AGENT_UNAVAILABLE, new Bilingual(
                "A Számlázz.hu most nem érhető el, így a kérést nem tudtuk teljesíteni. Próbálja újra pár perc "
                        + "múlva.",
                "Számlázz.hu cannot be reached right now, so the request could not be done. Try again in a few "
                        + "minutes."));
        for (AccountStatus status : AccountStatus.values()) {
            if (!REMEDIATION.containsKey(status)) {
                throw new IllegalStateException("no remediation text for " + status);
            }
        }
        for (ErrorCode code : ErrorCode.values()) {
            if (!ERRORS.containsKey(code)) {
                throw new IllegalStateException("no text for " + code);
            }
        }
    }

    private ConnectTexts() {
    }

    /**
     * What the organiser should do about an invoice held for {@code reason} (the invoice listing shows it beside every
     * item that is not issued): for an account reason, the account's remediation; otherwise what happens next.
     */
    public static Bilingual remediation(Reason reason) {
        return switch (reason) {
            case ACCOUNT_KEY_REJECTED -> remediation(AccountStatus.KEY_REJECTED);
            case ACCOUNT_BLOCKED -> remediation(AccountStatus.ACCOUNT_BLOCKED);
            case ACCOUNT_EINVOICE_NOT_ALLOWED -> remediation(AccountStatus.EINVOICE_NOT_ALLOWED);
            case ACCOUNT_PREFIX_INVALID -> remediation(AccountStatus.PREFIX_INVALID);
            case ACCOUNT_PROBLEM -> remediation(AccountStatus.UNKNOWN);
            case ACCOUNT_NOT_CONNECTED -> NOT_CONNECTED;
            case KEY_UNREADABLE -> KEY_UNREADABLE;
            case AWAITING_INVOICE -> AWAITING_INVOICE;
            case DEADLINE, LEASE_HELD, CLAIM_LOST, CLAIM_LOST_AFTER_ISSUE, CRASHED, KMS_UNAVAILABLE, QUERY_INCONCLUSIVE,
                    AGENT_TRANSIENT, AGENT_OUTCOME_UNKNOWN, DUPLICATE_ORDER_UNRESOLVED, STORNO_TRANSIENT,
                    STORNO_OUTCOME_UNKNOWN, LOOKUP_INCONCLUSIVE, SUPERSEDE_PENDING -> RETRYING;
            case INVOICE_DATA_REFUSED, AGENT_DATA_ERROR, INVALID_MESSAGE, PURCHASE_CHANGED, AMENDED_AFTER_REFUND -> DATA_REFUSED;
            case SEND_BUDGET_EXHAUSTED, ORDER_NUMBER_TAKEN, REFUND_REJECTED, STORNO_NOT_CONFIRMED,
                    INVOICE_REVERSED_ELSEWHERE, RETRIES_EXHAUSTED, LEDGER_ITEM_TOO_LARGE, UNCONFIRMED_UNDER_PREVIOUS_KEY,
                    INVOICE_IN_OTHER_ACCOUNT -> NEEDS_A_PERSON;
        };
    }

    private static final Bilingual NOT_CONNECTED = new Bilingual(
            "Nincs Számlázz.hu fiók csatlakoztatva: csatlakoztassa a fiókot egy Számla Agent kulccsal, és a számla "
                    + "elkészül.",
            "No Számlázz.hu account is connected: connect one with a Számla Agent key and the invoice is issued.");
    private static final Bilingual KEY_UNREADABLE = new Bilingual(
            "A tárolt Számla Agent kulcs nem olvasható: csatlakoztassa újra a fiókot a kulccsal, és a számla elkészül.",
            "The stored Számla Agent key cannot be read: connect the account again with the key and the invoice is "
                    + "issued.");
    private static final Bilingual AWAITING_INVOICE = new Bilingual(
            "A visszatérítés megérkezett a vásárlás előtt: a számla elkészülte után azonnal sztornózzuk.",
            "The refund arrived before the purchase: the invoice is reversed as soon as it is issued.");
    private static final Bilingual RETRYING = new Bilingual(
            "Nincs teendő: a Számlázz.hu átmenetileg nem válaszolt, az Autoinvoice automatikusan újra próbálja.",
            "Nothing to do: Számlázz.hu did not answer for now, and Autoinvoice tries again by itself.");
    private static final Bilingual DATA_REFUSED = new Bilingual(
            "A vásárlás adatai alapján nem készülhet számla (az ok megnevezi a hibát): javítsa az adatot a jegyértékesítő "
                    + "rendszerben, vagy forduljon az ügyfélszolgálatunkhoz.",
            "No invoice can be made from the purchase as sent (the reason names the problem): correct it in the "
                    + "ticketing system, or contact our support.");
    private static final Bilingual NEEDS_A_PERSON = new Bilingual(
            "Ezt a számlát az ügyfélszolgálatunk ellenőrzi (az ok megnevezi, miért); önnek nincs teendője.",
            "Our support checks this invoice (the reason says why); there is nothing for you to do.");

    /** What the organiser should do about an account in this status. */
    public static Bilingual remediation(AccountStatus status) {
        return REMEDIATION.get(status);
    }

    /** The message of an error code. */
    public static Bilingual error(ErrorCode code) {
        return ERRORS.get(code);
    }

    /** The refusal code for an account-level problem found while connecting. */
    public static ErrorCode refusal(AccountStatus status) {
        return switch (status) {
            case KEY_REJECTED -> ErrorCode.KEY_REJECTED;
            case ACCOUNT_BLOCKED -> ErrorCode.ACCOUNT_BLOCKED;
            case EINVOICE_NOT_ALLOWED -> ErrorCode.EINVOICE_NOT_ALLOWED;
            case PREFIX_INVALID -> ErrorCode.PREFIX_INVALID;
            case UNKNOWN -> ErrorCode.ACCOUNT_REFUSED;
            case HEALTHY -> throw new IllegalArgumentException("HEALTHY is not a refusal");
        };
    }
}
