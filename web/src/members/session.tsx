import { createContext, type ReactNode, useContext } from 'react';
import { useQuery } from '../api/use-query.ts';
import type { MeQuery } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';

const Me = graphql(`
  query Me {
    me {
      id
      displayName
      email
      emailVerified
      downloadQuota { limit remaining resetsAt }
      pendingPolicies { id }
    }
  }
`);

export type Member = NonNullable<MeQuery['me']>;
type Session = { me: Member | null; isLoading: boolean; refresh: () => void };

const SessionContext = createContext<Session>({ me: null, isLoading: true, refresh: () => {} });

/** Who is signed in, from `me` (the HttpOnly session cookie decides); `refresh` after anything that changes it. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { data, isLoading, refetch } = useQuery(Me);
  return (
    <SessionContext.Provider value={{ me: data?.me ?? null, isLoading: isLoading && !data, refresh: refetch }}>
      {children}
    </SessionContext.Provider>
  );
}

export const useSession = () => useContext(SessionContext);
