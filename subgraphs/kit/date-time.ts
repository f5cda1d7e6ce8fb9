import { GraphQLError, GraphQLScalarType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

/** The earliest year an instant given to the graph may fall in. */
export const EARLIEST_YEAR = 1900;

function recordable(instant: Date): Date {
  if (instant.getUTCFullYear() < EARLIEST_YEAR) {
    throw new GraphQLError(
      `DateTime cannot be before ${EARLIEST_YEAR}: ${JSON.stringify(instant.toISOString())} is not an instant this graph records`,
    );
  }
  return instant;
}

/**
 * graphql-scalars' `DateTime` (RFC 3339), refusing instants before 1900 as it refuses malformed ones:
 * PostgreSQL cannot store year 0 (`0000-01-01T00:00:00Z` would fail inside the transaction, an
 * internal error rather than the caller's), and nothing the graph records — a threat, a detection,
 * a notice — happened before there were computers.
 */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  parseValue: (value) => recordable(DateTimeResolver.parseValue(value)),
  parseLiteral: (ast, variables) => recordable(DateTimeResolver.parseLiteral(ast, variables)),
});
