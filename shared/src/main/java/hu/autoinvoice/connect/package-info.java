/**
 * Connecting an organiser's Számlázz.hu account (docs/DESIGN.md §7): validating the connect request
 * ({@link hu.autoinvoice.connect.ConnectRequests}), who may act on an account
 * ({@link hu.autoinvoice.connect.CallerAuthorizer}), the live check against the Számla Agent
 * ({@link hu.autoinvoice.connect.LiveCheck}), connect / status / disconnect / re-issue
 * ({@link hu.autoinvoice.connect.AccountConnector}), and every text organisers read, in Hungarian and English
 * ({@link hu.autoinvoice.connect.ConnectTexts}). The Lambda handler lives in the {@code connect-api} module.
 */
package hu.autoinvoice.connect;
