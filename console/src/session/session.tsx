import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { gql, Provider, useQuery } from 'urql';

import { graphClient } from '../api/client.js';

export type Role = 'PUBLIC' | 'ORGANIZATION' | 'REGULATOR' | 'THAICERT' | 'NCSA';

export interface Me {
  role: Role;
  subject: string | null;
  organization: { id: string; nameTh: string; nameEn: string } | null;
  regulator: { id: string; nameTh: string; nameEn: string } | null;
}

export const ME = gql`
  query ConsoleMe {
    me {
      role
      subject
      organization {
        id
        nameTh
        nameEn
      }
      regulator {
        id
        nameTh
        nameEn
      }
    }
  }
`;

interface Session {
  token: string | undefined;
  me: Me | undefined;
  /** A token is held and the graph has not yet said whose it is. */
  identifying: boolean;
  signIn(token: string): void;
  signOut(): void;
}

// The tab's own: a government token should not outlive the tab it was pasted into.
const STORED = 'console.token';
const SessionContext = createContext<Session>({ token: undefined, me: undefined, identifying: false, signIn: () => {}, signOut: () => {} });

/** Who is signed in, and the graph client that speaks for them; signing in or out replaces the client. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | undefined>(() => sessionStorage.getItem(STORED) ?? undefined);
  const connection = useMemo(() => graphClient(token), [token]);
  useEffect(() => () => connection.close(), [connection]);
  const signIn = (next: string) => {
    sessionStorage.setItem(STORED, next);
    setToken(next);
  };
  const signOut = () => {
    sessionStorage.removeItem(STORED);
    setToken(undefined);
  };
  return (
    <Provider value={connection.client}>
      <Caller token={token} signIn={signIn} signOut={signOut}>
        {children}
      </Caller>
    </Provider>
  );
}

function Caller({ children, ...session }: Omit<Session, 'me' | 'identifying'> & { children: ReactNode }) {
  const [{ data, error }] = useQuery<{ me: Me }>({ query: ME });
  // A token the gateway refuses (expired, revoked) signs the person out rather than leaving a broken page.
  const refused = error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
  useEffect(() => {
    if (refused && session.token) session.signOut();
  }, [refused, session]);
  const identifying = !!session.token && !data && !error;
  return <SessionContext.Provider value={{ ...session, me: data?.me, identifying }}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);
