// The explorer's browser side, bundled by scripts/build-explorer.mjs into one script and one
// stylesheet the gateway serves itself: nothing here may load from another host (see explorer.ts).
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';

import 'graphiql/graphiql.css';

import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const endpoint = new URL('/graphql', window.location.href);
const socket = new URL(endpoint);
socket.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';

// The headers editor's headers go with every HTTP request and, as graphql-ws connection params, with
// each subscription: lower case, because the gateway reads `authorization` from those params.
const fetcher = createGraphiQLFetcher({ url: endpoint.href, subscriptionUrl: socket.href });
const headerTemplate = JSON.stringify({ authorization: 'Bearer ' }, null, 2);

// Our own logo: GraphiQL's links to GitHub, a page a closed network cannot reach.
createRoot(document.getElementById('explorer')).render(
  createElement(
    GraphiQL,
    { fetcher, defaultHeaders: headerTemplate, isHeadersEditorEnabled: true, shouldPersistHeaders: false },
    createElement(GraphiQL.Logo, null, 'NCSA graph'),
  ),
);
