import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  durationSeconds: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface GraphQLLoad {
  name: string;
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

/** A GraphQL answer as the gateway sends it. */
export interface GraphQLResponse {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POSTs one operation and reads its JSON answer; throws on a network error or a body that is not JSON. */
export async function postGraphQL(
  url: string,
  operation: { query: string; variables?: Record<string, unknown>; headers?: Record<string, string> },
  signal?: AbortSignal,
): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...operation.headers },
    body: JSON.stringify({ query: operation.query, variables: operation.variables ?? {} }),
    ...(signal ? { signal } : {}),
  });
  return (await response.json()) as GraphQLResponse;
}

/** Sends the operation once and fails loudly if it errs, so a load run never measures error responses. */
export async function checkOperation(load: GraphQLLoad): Promise<unknown> {
  const body = await postGraphQL(load.url, load);
  if (body.errors) throw new Error(`${load.name}: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data;
}

/** A fixed-duration HTTP load with autocannon: latency percentiles and throughput. */
export async function runLoad(load: GraphQLLoad): Promise<LoadResult> {
  await checkOperation(load);
  const result = await autocannon({
    url: load.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...load.headers },
    body: JSON.stringify({ query: load.query, variables: load.variables ?? {} }),
    connections: load.connections,
    duration: load.durationSeconds,
  });
  return {
    name: load.name,
    durationSeconds: load.durationSeconds,
    connections: load.connections,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}
