export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<TData = Record<string, any>> {
  status: number;
  headers: Headers;
  data?: TData | null;
  errors?: GraphQLErrorShape[];
}

export interface RequestOptions {
  variables?: Record<string, unknown>;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  headers?: Record<string, string>;
}

/** A plain HTTP GraphQL request, as any client would send it. */
export async function graphqlRequest<TData = Record<string, any>>(
  url: string,
  query: string,
  options: RequestOptions = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables ?? {} }),
  });
  const body = (await response.json()) as { data?: TData | null; errors?: GraphQLErrorShape[] };
  return { status: response.status, headers: response.headers, ...body };
}

/** The `extensions.code` of every error, in order. */
export const errorCodes = (response: GraphQLResponse): (string | undefined)[] => (response.errors ?? []).map((e) => e.extensions?.code);
