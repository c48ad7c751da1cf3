/**
 * A local stand-in for the Számlázz.hu Számla Agent ({@code https://www.szamlazz.hu/szamla/}): an HTTP server that
 * speaks the vendor's multipart/XML protocol, keeps documents, answers with the vendor's headers, bodies and error
 * codes, and can be told (through a JSON control API or its Java equivalent) how each account behaves and which faults
 * to inject. Entry point: {@link hu.autoinvoice.local.agent.AgentSimulator}.
 */
package hu.autoinvoice.local.agent;
