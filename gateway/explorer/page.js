// The explorer's browser side, bundled by scripts/build-explorer.mjs into one script and one
// stylesheet the gateway serves itself: nothing here may load from another host (see explorer.ts).
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { parse } from 'graphql';

import 'graphiql/graphiql.css';

import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const endpoint = new URL('/graphql', window.location.href);
const socket = new URL(endpoint);
socket.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';

const graphiqlFetcher = createGraphiQLFetcher({ url: endpoint.href, subscriptionUrl: socket.href });

/**
 * The headers editor's headers as they are sent: with every HTTP request and, as graphql-ws
 * connection params, with each subscription. Names in lower case, as HTTP compares them but the
 * gateway reads the connection params' `authorization` key exactly (so a pasted `Authorization`
 * still signs the subscription in); the template's bare `Bearer ` left out, so the page loads its
 * schema as the public until a token is pasted, rather than being refused with 401.
 */
function sentHeaders(headers) {
  const sent = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'authorization' && /^\s*(bearer\s*)?$/i.test(String(value))) continue;
    sent[name.toLowerCase()] = value;
  }
  return sent;
}

/** The document as sent, not as the editor last parsed it: a subscription pasted and run at once still goes over graphql-ws. */
function documentOf(query, parsed) {
  try {
    return parse(query);
  } catch {
    return parsed;
  }
}

const fetcher = (params, options) =>
  graphiqlFetcher(params, {
    ...options,
    headers: sentHeaders(options?.headers),
    documentAST: documentOf(params.query, options?.documentAST),
  });
const headerTemplate = JSON.stringify({ authorization: 'Bearer ' }, null, 2);

// Our own logo: GraphiQL's links to GitHub, a page a closed network cannot reach.
createRoot(document.getElementById('explorer')).render(
  createElement(
    GraphiQL,
    { fetcher, defaultHeaders: headerTemplate, isHeadersEditorEnabled: true, shouldPersistHeaders: false },
    createElement(GraphiQL.Logo, null, 'NCSA graph'),
  ),
);
