import { MEDIA_TYPES, type DocumentTable } from '../operation-documents.js';

/**
 * The MISP feed at `/misp/` (MISP's feed format: `manifest.json`, `hashes.csv`, `<uuid>.json`), for
 * a partner's MISP to subscribe to with its token in the feed's headers (`Authorization: Bearer …`);
 * without one, the public's feed (TLP:CLEAR). Each file is a GraphQL leaf of the advisories subgraph,
 * run as the caller through the gateway's own pipeline.
 */
export const MISP_TABLE: DocumentTable = {
  mount: '/misp',
  notFound: 'There is no such file in the MISP feed',
  routes: [
    { path: '/manifest.json', type: MEDIA_TYPES.json, access: 'anyone', query: 'query MispManifest { mispFeed { manifest } }' },
    { path: '/hashes.csv', type: MEDIA_TYPES.csv, access: 'anyone', query: 'query MispHashes { mispFeed { hashes } }' },
    { path: '/:uuid.json', type: MEDIA_TYPES.json, access: 'anyone', query: 'query MispEvent($uuid: ID!) { mispEvent(uuid: $uuid) }' },
  ],
};
