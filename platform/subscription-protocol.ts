/*
 * What the gateway and the subgraphs agree on for subscriptions, beside the identity the gateway
 * forwards with each one (identity.ts).
 */

/**
 * The query telling where a subscription root field's stream stands: `incidentEvents` →
 * `incidentEventsHead`. The gateway starts every shared stream from it (and refuses to serve a
 * subscription root field without one), so a stream lost before its first event still resumes
 * from where it started.
 */
export const headFieldOf = (stream: string) => `${stream}Head`;

/** How often a WebSocket peer is pinged, so dead connections are noticed. */
export const WEBSOCKET_KEEP_ALIVE_MS = 12_000;
