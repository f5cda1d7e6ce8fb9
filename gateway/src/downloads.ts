import { MEDIA_TYPES, type DocumentRoute, type DocumentTable } from './operation-documents.js';

export { refusalOf } from './operation-documents.js';

/** How a download is served: its media type, and whether a browser shows it or saves it. */
const FORMATS = {
  csv: { type: MEDIA_TYPES.csv, disposition: 'attachment' },
  html: { type: MEDIA_TYPES.html, disposition: 'inline' },
} as const;

/**
 * A document served over a plain GET: a GraphQL operation whose one leaf field is the document's
 * text. Its variables are the path's parameters by name (`:year` fills `$year`) and, for those the
 * path has not, the query string's (`?filing=2`).
 */
export interface Download {
  /** Under `/downloads`, in Express's syntax, e.g. `/annual-summary/:regulatorId/:year.csv`. */
  path: string;
  format: keyof typeof FORMATS;
  query: string;
}

/**
 * Every download: one row each. Each runs as its caller through the gateway's own graph, so it is
 * checked, limited and audited as that operation sent to `/graphql` would be.
 */
export const DOWNLOADS: readonly Download[] = [
  {
    path: '/annual-summary/:regulatorId/:year.csv',
    format: 'csv',
    query:
      'query AnnualSummaryCsv($regulatorId: ID!, $year: Int!, $filing: Int) { annualSummary(regulatorId: $regulatorId, year: $year, filing: $filing) { csv } }',
  },
  {
    path: '/annual-summary/:regulatorId/:year.html',
    format: 'html',
    query:
      'query AnnualSummaryHtml($regulatorId: ID!, $year: Int!, $filing: Int) { annualSummary(regulatorId: $regulatorId, year: $year, filing: $filing) { html } }',
  },
  {
    path: '/incident/:incidentId.html',
    format: 'html',
    query: 'query IncidentForm($incidentId: ID!) { incident(id: $incidentId) { printableForm { html } } }',
  },
  {
    path: '/response-outcome/:year.csv',
    format: 'csv',
    query:
      'query ResponseOutcomeCsv($year: Int!, $month: Int, $quarter: Int) { responseOutcomeReport(period: { year: $year, month: $month, quarter: $quarter }) { csv } }',
  },
  {
    path: '/response-outcome/:year.html',
    format: 'html',
    query:
      'query ResponseOutcomeHtml($year: Int!, $month: Int, $quarter: Int) { responseOutcomeReport(period: { year: $year, month: $month, quarter: $quarter }) { html } }',
  },
];

/**
 * The downloads at `/downloads`: each a GET with the caller's token (`Authorization: Bearer …`)
 * answered with the document, or with the refusal as JSON (`{ errors: [{ message, extensions: { code } }] }`)
 * and the status its code means. Nothing is cached: a document is for its caller only.
 */
export const DOWNLOAD_TABLE: DocumentTable = {
  mount: '/downloads',
  notFound: 'There is no such download',
  routes: DOWNLOADS.map((download): DocumentRoute => ({
    path: download.path,
    query: download.query,
    access: 'token',
    ...FORMATS[download.format],
  })),
};
