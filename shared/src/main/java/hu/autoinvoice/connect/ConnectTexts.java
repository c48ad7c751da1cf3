package hu.autoinvoice.connect;

import hu.autoinvoice.account.AccountStatus;
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
        ERRORS.put(ErrorCode.NOT_CONNECTED, new Bilingual(
                "Ehhez a fiókhoz nincs Számlázz.hu fiók csatlakoztatva.",
                "No Számlázz.hu account is connected for this account."));
        ERRORS.put(ErrorCode.NOT_FOUND, new Bilingual("Nincs ilyen végpont.", "No such route."));
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
        ERRORS.put(ErrorCode.ACCOUNT_REFUSED, REMEDIATION.get(AccountStatus.UNKNOWN));
        ERRORS.put(ErrorCode.INTERNAL_ERROR, new Bilingual(
                "Váratlan hiba történt. Kérjük, próbálja újra, vagy forduljon az ügyfélszolgálatunkhoz.",
                "Something went wrong on our side. Please try again or contact our support."));
        ERRORS.put(ErrorCode.AGENT_UNAVAILABLE, new Bilingual(
                "A Számlázz.hu most nem érhető el, ezért a kulcsot nem tudtuk ellenőrizni. Próbálja újra pár "
                        + "perc múlva.",
                "Számlázz.hu cannot be reached right now, so the key could not be checked. Try again in a few "
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
