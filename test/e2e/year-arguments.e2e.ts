import { readFile } from 'node:fs/promises';

import { Supergraph } from '@apollo/federation-internals';
import { isInputObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';

import { bangkokYear } from '../../subgraphs/kit/bangkok-time.js';
import { demo, useGraph } from '../graph.js';

/** Every year argument takes Gregorian years: a Buddhist-era one is refused as such, wherever it is given. */
const graph = useGraph();

/** 543 ahead of this year: the Buddhist-era year a Thai reader would type. */
const THIS_YEAR = bangkokYear(new Date());
const BE_YEAR = THIS_YEAR + 543;

type Token = 'ncsa' | 'regulator' | null;
interface YearCase {
  token: Token;
  query: string;
  variables: (year: number) => Record<string, unknown>;
}

/** Keyed by schema coordinate; the test fails when the schema has a year argument not listed here. */
const CASES: Record<string, YearCase> = {
  'Query.publicStatistics(year:)': {
    token: null,
    query: 'query ($year: Int!) { publicStatistics(year: $year) { year } }',
    variables: (year) => ({ year }),
  },
  'Query.annualSummary(year:)': {
    token: 'ncsa',
    query: 'query ($year: Int!, $regulatorId: ID) { annualSummary(year: $year, regulatorId: $regulatorId) { id } }',
    variables: (year) => ({ year, regulatorId: demo.regulatorId }),
  },
  'Query.annualSummarySubmissions(year:)': {
    token: 'ncsa',
    query: 'query ($year: Int!) { annualSummarySubmissions(year: $year) { late } }',
    variables: (year) => ({ year }),
  },
  'ReportPeriodInput.year': {
    token: 'ncsa',
    query: 'query ($period: ReportPeriodInput!) { responseOutcomeReport(period: $period) { reported } }',
    variables: (year) => ({ period: { year, quarter: 1 } }),
  },
  'SummaryEntriesInput.year': {
    token: 'regulator',
    query: 'mutation ($input: SummaryEntriesInput!) { setAnnualSummaryEntries(input: $input) { id } }',
    variables: (year) => ({
      input: { year, regulatorId: demo.regulatorId, training: 0, unsuccessfulAttempts: 0, explainedAnomalies: 0, expectedVersion: 0 },
    }),
  },
  'SubmitSummaryInput.year': {
    token: 'regulator',
    query: 'mutation ($input: SubmitSummaryInput!) { submitAnnualSummary(input: $input) { id } }',
    variables: (year) => ({ input: { year, regulatorId: demo.regulatorId, expectedVersion: 1 } }),
  },
  'Query.csafAdvisory(year:)': {
    token: null,
    query: 'query ($year: Int!) { csafAdvisory(tlp: "WHITE", year: $year, name: "th-cert-2026-0001") { id } }',
    variables: (year) => ({ year }),
  },
  'AmendSummaryInput.year': {
    token: 'regulator',
    query: 'mutation ($input: AmendSummaryInput!) { amendAnnualSummary(input: $input) { id } }',
    variables: (year) => ({ input: { year, regulatorId: demo.regulatorId, reason: 'ปีผิด', expectedVersion: 1 } }),
  },
};

/** Every argument and input field named `year` in the composed API. */
async function yearCoordinates(): Promise<string[]> {
  const supergraph = Supergraph.build(await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));
  const api = supergraph.apiSchema().toGraphQLJSSchema();
  const coordinates: string[] = [];
  for (const type of Object.values(api.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        for (const arg of field.args) if (arg.name === 'year') coordinates.push(`${type.name}.${field.name}(year:)`);
    } else if (isInputObjectType(type) && type.getFields().year) coordinates.push(`${type.name}.year`);
  }
  return coordinates.sort();
}

describe('a Buddhist-era year', () => {
  it('is covered for every year argument of the graph', async () => {
    expect(await yearCoordinates()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))(
    'is refused at %s, saying which Gregorian year was meant',
    async (_coordinate, { token, query, variables }) => {
      const g = graph();
      const res = await g.query(query, { variables: variables(BE_YEAR), ...(token ? { token: g.tokens[token] } : {}) });
      const message = `${BE_YEAR} looks like a Buddhist-era year; give the Gregorian year ${THIS_YEAR}`;
      expect(res.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_USER_INPUT', message]]);
      expect(res.errors?.[0]?.extensions?.invalidFields).toEqual([{ field: 'year', problems: [message], codes: ['BUDDHIST_ERA_YEAR'] }]);
    },
  );
});
