import { MEDIA_TYPES, type DocumentRoute, type DocumentTable } from '../operation-documents.js';

/** CSAF's TLP labels (TLP 1.0, as CSAF 2.0 carries them), each a folder and a feed: see the advisories subgraph's csaf-provider.ts. */
const LABELS = ['WHITE', 'GREEN', 'AMBER', 'RED'] as const;

/** One label's folder: its ROLIE feed, index.txt, changes.csv, and each document with its hash files and signature. */
function folderRoutes(tlp: (typeof LABELS)[number]): DocumentRoute[] {
  const folder = tlp.toLowerCase();
  const name = tlp.charAt(0) + tlp.slice(1).toLowerCase(); // operation names: CsafFeedWhite, …
  // TLP:WHITE is public (CSAF §7.1.4); the others are access protected (§7.1.5) by the same tokens as /graphql.
  const access = tlp === 'WHITE' ? 'anyone' : 'token';
  const provider = (operation: string, field: string) => `query Csaf${operation}${name} { csafProvider { ${field}(tlp: "${tlp}") } }`;
  const document = (operation: string, field: string) =>
    `query Csaf${operation}${name}($year: Int!, $name: String!) { csafAdvisory(tlp: "${tlp}", year: $year, name: $name) { csafDocument { ${field} } } }`;
  return [
    { path: `/${folder}/csaf-feed-tlp-${folder}.json`, type: MEDIA_TYPES.json, access, query: provider('Feed', 'feed') },
    { path: `/${folder}/index.txt`, type: MEDIA_TYPES.text, access, query: provider('Index', 'index') },
    { path: `/${folder}/changes.csv`, type: MEDIA_TYPES.csv, access, query: provider('Changes', 'changes') },
    { path: `/${folder}/:year/:name.json`, type: MEDIA_TYPES.json, access, query: document('Document', 'text') },
    { path: `/${folder}/:year/:name.json.sha256`, type: MEDIA_TYPES.text, access, query: document('Sha256', 'sha256') },
    { path: `/${folder}/:year/:name.json.sha512`, type: MEDIA_TYPES.text, access, query: document('Sha512', 'sha512') },
    { path: `/${folder}/:year/:name.json.asc`, type: MEDIA_TYPES.pgpSignature, access, query: document('Signature', 'signature') },
  ];
}

/**
 * ThaiCERT as a CSAF 2.0 trusted provider at `/.well-known/csaf/` (CSAF §7.1.9): the provider
 * metadata, the ROLIE service document, ThaiCERT's public key, and a folder per TLP label. Every
 * document is the advisories subgraph's, run as the caller through the gateway's own graph: the
 * TLP scope, tokens, limits and audit of `/graphql`. Refusals are JSON with the status their code
 * means: 401 without a token beyond WHITE, 404 for a document the caller may not read.
 */
export const CSAF_TABLE: DocumentTable = {
  mount: '/.well-known/csaf',
  notFound: 'There is no such CSAF provider file',
  routes: [
    {
      path: '/provider-metadata.json',
      type: MEDIA_TYPES.json,
      access: 'anyone',
      query: 'query CsafProviderMetadata { csafProvider { metadata } }',
    },
    {
      path: '/service.json',
      type: MEDIA_TYPES.json,
      access: 'anyone',
      query: 'query CsafServiceDocument { csafProvider { serviceDocument } }',
    },
    {
      path: '/openpgp/:fingerprint.asc',
      type: MEDIA_TYPES.pgpKeys,
      access: 'anyone',
      query: 'query CsafPublicKey($fingerprint: String!) { csafProvider { publicKey(fingerprint: $fingerprint) } }',
    },
    ...LABELS.flatMap(folderRoutes),
  ],
};
