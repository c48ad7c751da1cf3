/** Connect API: HTTP routes to connect a Számlázz.hu account (APIGatewayV2HTTPEvent). */
package hu.autoinvoice.connect;
