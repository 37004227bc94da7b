// What one range query of the state may return. A peer answers at most its
// ledger.state.totalQueryLimit results from an unpaged range query and then
// ends the range as if it were complete; network/nodes.ts sets that limit on
// every peer to RANGE_QUERY_LIMIT, so the chaincode knows where a scan stops.

/** The peers' ledger.state.totalQueryLimit: an unpaged scan that reaches it may have been cut short. */
export const RANGE_QUERY_LIMIT = 100_000;

/** Page size of a read-only walk over a whole range: each page well under the limit, so each page is whole. */
export const RANGE_READ_PAGE = 10_000;
