package hu.autoinvoice.agent;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The known Számla Agent error codes ({@code hibakod}; docs/VENDOR.md, "Error codes"), each with its outcome class and
 * its meaning in Hungarian and English. The one table of vendor codes: the client classifies failures by it and the
 * simulator answers with its codes and texts.
 *
 * <p>A code not listed is {@link OutcomeClass#UNKNOWN} — a new code may mean "issued, but …", never a clean refusal.
 * {@link #NOTIFICATION_FAILED} (56: issued, notification e-mail failed) is not a failure when an invoice number comes
 * with it; without a number it stays {@link OutcomeClass#UNKNOWN}. {@link #DOCUMENT_NOT_FOUND} (7) is
 * {@link OutcomeClass#NOT_FOUND} (on a create the client reports it as {@link OutcomeClass#DATA}: missing data,
 * nothing to find).
 *
 * <p>Refusals of one document by an account setting or a permission, not of the account, are
 * {@link OutcomeClass#DATA}: 491 (KATA protection: no document to a business — invoices to persons still go through)
 * and 358/359/489/493/494 (only the owner or a delegate may storno / repeat / correct this document). Marking the whole
 * account unhealthy would park every other invoice; the document fails with its code for a person instead.
 *
 * <p>Where the research lists several codes for one group of causes without saying which code is which (262–264 beside
 * 259–261, 358/359/489/493/494, 551–556), the constant names carry the code instead of a guessed cause.
 */
public enum AgentErrorCode {
    MAINTENANCE(1, OutcomeClass.TRANSIENT, "Rendszerkarbantartás, kérem próbálja meg pár perc múlva.",
            "maintenance or internal error; the vendor is notified"),
    LOGIN_FAILED(3, AccountProblem.KEY_REJECTED, "Sikertelen bejelentkezés.",
            "login failed: invalid Agent key (or username and password); a deleted key ends here too (inferred)"),
    // simulator's wording (research: "Hiányzó adat … (ismeretlen számlaszám, rendelésszám vagy külső azonosító)")
    DOCUMENT_NOT_FOUND(7, OutcomeClass.NOT_FOUND,
            "Hiányzó adat: nem található számla a megadott számlaszámmal, rendelésszámmal vagy külső"
                    + " azonosítóval.",
            "missing data: the referenced document (invoice number, order number or external id) does not exist;"
                    + " also a consumed or deleted proforma"),
    // own wording
    NOT_IN_PACKAGE(8, OutcomeClass.ACCOUNT,
            "Nincs jogosultság, vagy a díjcsomag nem tartalmazza a funkciót.",
            "no permission, or the subscription package lacks the feature (e.g. Agent receipts in the free package)"),
    CANNOT_REVERSE_STORNO(14, OutcomeClass.DATA,
            "Sztornó és jóváíró számlát nem lehet sem sztornózni, sem jóváírni.",
            "a storno or credit invoice cannot be reversed or credited"),
    OPERATION_NOT_ALLOWED(17, OutcomeClass.ACCOUNT, "Nem megengedett művelet.", "operation not allowed"),
    CERTIFICATE_PASSWORD_REQUIRED(49, OutcomeClass.ACCOUNT, "A tanúsítvány használatához jelszó szükséges",
            "the account's own e-invoice certificate needs a password"),
    VAT_RATE_UNREADABLE(52, OutcomeClass.DATA, "Az áfakulcs nem értelmezhető", "VAT rate not understood"),
    MISSING_XML_FILE(53, OutcomeClass.DATA, "Hiányzó XML fájl.", "the XML was not sent as a multipart file"),
    EINVOICE_NOT_ALLOWED(54, AccountProblem.EINVOICE_NOT_ALLOWED, "E-számla készítés nincs engedélyezve.",
            "e-invoicing not allowed: the subscription package lacks it, or Számlázz.hu's certificate was not accepted"),
    EINVOICE_SIGNING_FAILED(55, OutcomeClass.TRANSIENT, "E-számla aláírása sikertelen.",
            "e-invoice signing failed: certificate expired or timestamp server unreachable"),
    // own wording
    NOTIFICATION_FAILED(56, OutcomeClass.UNKNOWN,
            "A bizonylat elkészült, de az értesítő e-mail kiküldése sikertelen.",
            "the document was issued, but its notification e-mail failed (a warning)"),
    XML_READ_ERROR(57, OutcomeClass.DATA, "XML beolvasási hiba.",
            "XML parse or schema error (wrong order, unknown tag, bad type); details in the body"),
    COMPANY_EXISTS(68, OutcomeClass.DATA, "Már létezik cég ezzel az adószámmal és számlaszám-előtaggal",
            "a company with this tax number and invoice prefix already exists (delegate onboarding)"),
    ORDER_NUMBER_EXISTS(71, OutcomeClass.DUPLICATE_ORDER, "Már létező rendelésszám.",
            "duplicate order number (the account forbids repeats); nothing was created"),
    PREPAYMENT_NOT_IDENTIFIABLE(73, OutcomeClass.DATA, "A hivatkozott előlegszámla nem beazonosítható.",
            "the referenced prepayment invoice cannot be identified, or a final invoice already settled it"),
    LOGIN_NAME_TAKEN(101, OutcomeClass.DATA, "A bejelentkezési név már foglalt",
            "the login name is already taken (account-creation API)"),
    BROWSER_SESSION_OPEN(135, OutcomeClass.ACCOUNT, "Számla Agent futtatásához … lépjen ki … böngészőben",
            "the user is logged in through a browser at the same time (mainly when testing with username and password)"),
    // simulator's wording (research: "Bejelentkezési hiba … lépjen be … böngészőn keresztül")
    LOGIN_BLOCKED(136, AccountProblem.ACCOUNT_BLOCKED,
            "Bejelentkezési hiba: a fiók zárolva van (lejárt előfizetés vagy kifizetetlen díj). Kérjük, lépjen be"
                    + " böngészőn keresztül, és ellenőrizze a Díjcsomagom oldalt.",
            "login blocked: subscription expired, an unpaid invoice of Számlázz.hu or a payment delay (see"
                    + " \"Díjcsomagom\")"),
    // own wording
    ACCOUNT_CREATION_NOT_ALLOWED(137, OutcomeClass.ACCOUNT,
            "Nincs jogosultság fiók létrehozására a Számla Agenten keresztül.",
            "no permission to create accounts through the Agent (delegate API)"),
    DUPLICATE_ORDER_NUMBER(152, OutcomeClass.DUPLICATE_ORDER,
            "Már létező rendelésszám: {order}. Az ismétlődés engedélyezhető a Beállítások oldalon.",
            "duplicate order number (the account forbids repeats); names the order, never the existing invoice number;"
                    + " nothing was created"),
    MULTI_ACCOUNT_USER(164, OutcomeClass.ACCOUNT,
            "Ezt a funkciót csak olyan felhasználó veheti igénybe, aki egyetlen … fiókhoz férhet hozzá",
            "the user has access to several accounts; use an Agent key"),
    // own wording
    TEST_ACCOUNT_LIMIT(167, OutcomeClass.TRANSIENT, "A tesztfiók mennyiségi korlátja elérve.",
            "volume limit of a test account reached (rate limit)"),
    // own wording
    PREFIX_TAKEN(200, OutcomeClass.DATA, "Az előtagot egy azonos adószámú másik fiók már használja.",
            "the invoice prefix is used by another account with the same tax number"),
    PREFIX_INVALID(202, AccountProblem.PREFIX_INVALID, "A megadott számlaszám előtag nem megfelelő.",
            "the invoice number prefix is not created or not enabled (also an empty or unknown prefix)"),
    HAS_CORRECTIVE_INVOICE(221, OutcomeClass.DATA, "Ez a számla nem sztornózható (van helyesbítő számlája).",
            "the invoice has a corrective invoice and cannot be reversed"),
    // own wording
    MANDATE_NOT_ACCEPTED(250, OutcomeClass.ACCOUNT, "A fiók átvétele vagy a megbízás nincs elfogadva.",
            "accountant, aggregator or delegate authorisation missing (account not taken over, mandate not accepted)"),
    LINE_NET_INVALID(259, OutcomeClass.DATA, "A tétel nettó értéke nem megfelelő",
            "line net is not unit price × quantity"),
    LINE_VAT_INVALID(260, OutcomeClass.DATA, "A tétel áfa értéke nem megfelelő", "line VAT is not net × rate / 100"),
    LINE_GROSS_INVALID(261, OutcomeClass.DATA, "A tétel bruttó értéke nem megfelelő", "line gross is not net + VAT"),
    LINE_NET_INVALID_262(262, OutcomeClass.DATA, "A tétel nettó értéke nem megfelelő",
            "line net is not unit price × quantity (the second code of 259's check; names the line or product)"),
    LINE_VAT_INVALID_263(263, OutcomeClass.DATA, "A tétel áfa értéke nem megfelelő",
            "line VAT is not net × rate / 100 (the second code of 260's check)"),
    LINE_GROSS_INVALID_264(264, OutcomeClass.DATA, "A tétel bruttó értéke nem megfelelő",
            "line gross is not net + VAT (the second code of 261's check)"),
    INVALID_DATA(309, OutcomeClass.DATA, "Érvénytelen adat", "invalid data (the message names the field)"),
    PROFORMA_NOT_FOUND(335, OutcomeClass.DATA, "nincs ilyen díjbekérő …", "proforma not found or already deleted"),
    RECEIPT_PREFIX_USED_FOR_INVOICES(336, AccountProblem.PREFIX_INVALID, "A nyugta előtag már számlákhoz használatban van",
            "the receipt prefix is already used for invoices"),
    RECEIPT_PREFIX_MALFORMED(337, AccountProblem.PREFIX_INVALID, "A nyugta előtag formátuma hibás",
            "receipt prefix format invalid (uppercase letters and digits only)"),
    RECEIPT_CALL_ID_EXISTS(338, OutcomeClass.DUPLICATE_ORDER, "A hívásazonosító már létezik",
            "a receipt with this call id (hivasAzonosito) already exists: a refusal, nothing was created and the"
                    + " existing receipt is not answered; get it by the call id (xmlnyugtaget)"),
    RECEIPT_NOT_FOUND(339, OutcomeClass.DATA, "A nyugtaszám nem létezik", "receipt not found"),
    RECEIPT_PAYMENTS_MISMATCH(340, OutcomeClass.DATA, "kifizetett összeg eltér a bruttótól",
            "the receipt's payments differ from its gross total"),
    ISSUE_DATE_NOT_TODAY(352, OutcomeClass.DATA, "A számla kelte csak a mai nap lehet",
            "the issue date can only be today (seen on storno)"),
    // own wording
    NO_VALID_PREFIX(353, OutcomeClass.ACCOUNT, "Nincs érvényes számlaszám-előtag.",
            "no valid invoice prefix (mostly delegate invoicing)"),
    // own wording
    PREFIX_NOT_USABLE(354, OutcomeClass.ACCOUNT, "A számlaszám-előtag nem használható.",
            "the invoice prefix cannot be used (mostly delegate invoicing)"),
    // own wording
    USE_ANOTHER_PREFIX(356, OutcomeClass.ACCOUNT, "Másik számlaszám-előtagot kell használni.",
            "another invoice prefix must be used (mostly delegate invoicing)"),
    // own wording
    PREFIX_REQUIRED(357, OutcomeClass.ACCOUNT, "A számlaszám-előtag megadása kötelező.",
            "an invoice prefix is required (mostly delegate invoicing)"),
    OWNER_OR_DELEGATE_ONLY_358(358, OutcomeClass.DATA, Texts.OWNER_OR_DELEGATE_HU, Texts.OWNER_OR_DELEGATE_EN),
    OWNER_OR_DELEGATE_ONLY_359(359, OutcomeClass.DATA, Texts.OWNER_OR_DELEGATE_HU, Texts.OWNER_OR_DELEGATE_EN),
    // own wording
    RECEIPT_GROSS_NOT_WHOLE(363, OutcomeClass.DATA, "HUF nyugtán a bruttó összeg csak egész szám lehet.",
            "HUF receipt: the gross amount is not a whole number"),
    // own wording
    RECEIPT_NET_TOO_PRECISE(364, OutcomeClass.DATA, "HUF nyugtán a nettó érték legfeljebb két tizedesjegyű lehet.",
            "HUF receipt: the net amount has more than 2 decimals"),
    // own wording
    RECEIPT_VAT_TOO_PRECISE(365, OutcomeClass.DATA, "HUF nyugtán az áfa érték legfeljebb két tizedesjegyű lehet.",
            "HUF receipt: the VAT amount has more than 2 decimals"),
    VAT_RATE_INVALID(395, OutcomeClass.DATA, "Érvénytelen áfakulcs", "invalid VAT rate"),
    DATE_TOO_EARLY(396, OutcomeClass.DATA, "A megadott dátum túl korai", "the date falls into a closed period"),
    PAYMENT_ON_REVERSED_INVOICE(463, OutcomeClass.DATA,
            "Sztornózó vagy sztornózott számlához nem tartozhat kifizetettségi információ.",
            "payment data on a reversing or reversed invoice (reported in the body only)"),
    OWNER_OR_DELEGATE_ONLY_489(489, OutcomeClass.DATA, Texts.OWNER_OR_DELEGATE_HU, Texts.OWNER_OR_DELEGATE_EN),
    // own wording
    KATA_PROTECTION(491, OutcomeClass.DATA, "KATA-védelem: vállalkozás részére nem állítható ki bizonylat.",
            "the account's KATA protection refuses documents to a business (documents to persons still go through)"),
    OWNER_OR_DELEGATE_ONLY_493(493, OutcomeClass.DATA, Texts.OWNER_OR_DELEGATE_HU, Texts.OWNER_OR_DELEGATE_EN),
    OWNER_OR_DELEGATE_ONLY_494(494, OutcomeClass.DATA, Texts.OWNER_OR_DELEGATE_HU, Texts.OWNER_OR_DELEGATE_EN),
    RECEIPT_PREFIX_NOT_ENABLED(524, AccountProblem.PREFIX_INVALID, "A nyugtaszám-előtag nincs engedélyezve",
            "the receipt prefix is not enabled"),
    // own wording
    ERASURE_CODES_TOO_MANY(537, OutcomeClass.DATA, "Egy tételhez legfeljebb 400 adattörlő kód tartozhat.",
            "more than 400 erasure codes (adattörlő kód) on one item"),
    // own wording
    ERASURE_CODES_ON_TEST_ACCOUNT(538, OutcomeClass.DATA, "Adattörlő kód demó vagy teszt fiókon nem használható.",
            "erasure codes cannot be used on demo or test accounts"),
    // own wording
    ERASURE_CODES_DISABLED(539, OutcomeClass.ACCOUNT, "Az adattörlő kód funkció a beállításokban ki van kapcsolva.",
            "erasure codes are disabled in the account's settings"),
    SIMPLIFIED_IMAGE_551(551, OutcomeClass.DATA, Texts.SIMPLIFIED_IMAGE_HU, Texts.SIMPLIFIED_IMAGE_EN),
    SIMPLIFIED_IMAGE_552(552, OutcomeClass.DATA, Texts.SIMPLIFIED_IMAGE_HU, Texts.SIMPLIFIED_IMAGE_EN),
    SIMPLIFIED_IMAGE_553(553, OutcomeClass.DATA, Texts.SIMPLIFIED_IMAGE_HU, Texts.SIMPLIFIED_IMAGE_EN),
    SIMPLIFIED_IMAGE_554(554, OutcomeClass.DATA, Texts.SIMPLIFIED_IMAGE_HU, Texts.SIMPLIFIED_IMAGE_EN),
    SIMPLIFIED_IMAGE_555(555, OutcomeClass.DATA, Texts.SIMPLIFIED_IMAGE_HU, Texts.SIMPLIFIED_IMAGE_EN),
    SIMPLIFIED_IMAGE_556(556, OutcomeClass.DATA, Texts.SIMPLIFIED_IMAGE_HU, Texts.SIMPLIFIED_IMAGE_EN);

    /** Where {@link #DUPLICATE_ORDER_NUMBER}'s Hungarian text names the order number. */
    public static final String ORDER_PLACEHOLDER = "{order}";

    private static final Map<Integer, AgentErrorCode> BY_CODE = index(List.of(values()));

    private final int code;
    private final OutcomeClass outcomeClass;
    private final AccountProblem accountProblem;
    private final String hungarian;
    private final String english;

    AgentErrorCode(int code, OutcomeClass outcomeClass, String hungarian, String english) {
        this(code, outcomeClass, outcomeClass == OutcomeClass.ACCOUNT ? AccountProblem.OTHER : null, hungarian, english);
    }

    /** An {@link OutcomeClass#ACCOUNT} code that names its account problem. */
    AgentErrorCode(int code, AccountProblem accountProblem, String hungarian, String english) {
        this(code, OutcomeClass.ACCOUNT, accountProblem, hungarian, english);
    }

    AgentErrorCode(int code, OutcomeClass outcomeClass, AccountProblem accountProblem, String hungarian,
            String english) {
        this.code = code;
        this.outcomeClass = outcomeClass;
        this.accountProblem = accountProblem;
        this.hungarian = hungarian;
        this.english = english;
    }

    /** The code with this number, when it is a known one. */
    public static Optional<AgentErrorCode> of(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The outcome class of a vendor code; {@link OutcomeClass#UNKNOWN} for 56 and for codes not in the table. */
    public static OutcomeClass classify(int code) {
        return of(code).map(AgentErrorCode::outcomeClass).orElse(OutcomeClass.UNKNOWN);
    }

    /** The codes by number, ascending; fails on a number listed twice (run once, when the enum loads). */
    static Map<Integer, AgentErrorCode> index(List<AgentErrorCode> codes) {
        Map<Integer, AgentErrorCode> byCode = new TreeMap<>();
        for (AgentErrorCode c : codes) {
            AgentErrorCode before = byCode.put(c.code, c);
            if (before != null) {
                throw new IllegalStateException("error code " + c.code + " listed twice: " + before + ", " + c);
            }
        }
        return Collections.unmodifiableMap(byCode);
    }

    /** The vendor's number ({@code hibakod}, {@code szlahu_error_code}). */
    public int code() {
        return code;
    }

    public OutcomeClass outcomeClass() {
        return outcomeClass;
    }

    /**
     * For {@link OutcomeClass#ACCOUNT} codes, which account problem it is ({@link AccountProblem#OTHER} for all but
     * 3, 136, 54 and 202); empty for other classes.
     */
    public Optional<AccountProblem> accountProblem() {
        return Optional.ofNullable(accountProblem);
    }

    /**
     * The message in Hungarian, as the simulator answers it: the vendor's text as the research quotes it ("…" where it
     * quotes only a part). Where the simulator answered with a fuller text before this table existed (3 and 17 with a
     * full stop; 7 and 136 spelt out, marked "simulator's wording" in the source) its text stays. For the codes the
     * research knows only from a third-party list or without a text (marked "own wording"), a short Hungarian
     * description of ours. Neither kind is a quote of the vendor. {@link #DUPLICATE_ORDER_NUMBER}'s text holds
     * {@link #ORDER_PLACEHOLDER}; see {@link #hungarian(String)}.
     */
    public String hungarian() {
        return hungarian;
    }

    /** The Hungarian message with {@link #ORDER_PLACEHOLDER} replaced by the order number (unchanged without one). */
    public String hungarian(String orderNumber) {
        return hungarian.replace(ORDER_PLACEHOLDER, orderNumber);
    }

    /** What the code means, in English. */
    public String english() {
        return english;
    }

    /** Texts shared by codes the research does not tell apart (enum constants cannot read the enum's own constants). */
    private static final class Texts {
        // own wording
        static final String OWNER_OR_DELEGATE_HU =
                "Csak a tulajdonos vagy a megbízott sztornózhatja, ismételheti meg vagy helyesbítheti a bizonylatot.";
        static final String OWNER_OR_DELEGATE_EN = "only the owner or a delegate may storno, repeat or correct this"
                + " document (one of five codes for this permission; the research does not say which is which)";
        // own wording
        static final String SIMPLIFIED_IMAGE_HU = "Az egyszerűsített számlakép szabályai nem teljesülnek.";
        static final String SIMPLIFIED_IMAGE_EN = "the simplified invoice image (simpleItems) is refused: one of its"
                + " rules is broken (OSS or non-Hungarian seller, more than 2 items, VAT code, corrective invoice, mixed"
                + " rates, delivery note; the research does not say which code is which)";

        private Texts() {
        }
    }
}
