package hu.autoinvoice.local.agent;

/**
 * A receipt e-mail the simulator "sent" ({@code action-szamla_agent_nyugta_send}); nothing leaves the machine, the
 * send is only recorded ({@code GET /_sim/receipt-emails}).
 *
 * @param number  the receipt's number
 * @param account hint of the Agent key that sent it (last 4 characters), never the key
 * @param to      {@code email}
 * @param replyTo {@code emailReplyto}, or null
 * @param subject {@code emailTargy}
 * @param text    {@code emailSzoveg}, or null
 */
public record SimReceiptEmail(String number, String account, String to, String replyTo, String subject, String text) {
}
