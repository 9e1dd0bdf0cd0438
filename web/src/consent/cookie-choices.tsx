import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { request } from '../api/client.ts';
import { useQuery } from '../api/use-query.ts';
import { graphql } from '../gql/index.ts';
import { useSession } from '../members/session.tsx';

const Choices = graphql(`
  query CookieChoices {
    cookiePreferences { preferences analytics updatedAt }
  }
`);

const SaveChoices = graphql(`
  mutation SaveCookieChoices($input: CookiePreferencesInput!) {
    setCookiePreferences(input: $input) { preferences analytics updatedAt }
  }
`);

export type Choice = { preferences: boolean; analytics: boolean };

type CookieChoices = {
  /** null until answered (the banner shows); undefined while loading. */
  choice: Choice | null | undefined;
  isOpen: boolean;
  open: () => void;
  close: () => void;
  save: (choice: Choice) => Promise<void>;
};

const CookieChoicesContext = createContext<CookieChoices>({
  choice: undefined,
  isOpen: false,
  open: () => {},
  close: () => {},
  save: async () => {},
});

/**
 * The visitor's cookie choices, kept by the server: for a member with their account, for an
 * anonymous visitor under the `mixx_visitor` cookie that `setCookiePreferences` sets (a necessary
 * cookie, set only once they answer). The app itself sets no cookie.
 */
export function CookieChoicesProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const { data, refetch } = useQuery(Choices, undefined, { skip: session.isLoading });
  const [isOpen, setOpen] = useState(false);
  // Signing in carries a visitor's choices over to the member; after signing out, the visitor's count.
  const who = session.isLoading ? undefined : (session.me?.id ?? null);
  const seen = useRef(who);
  useEffect(() => {
    if (who === undefined) return;
    if (seen.current !== undefined && seen.current !== who) refetch();
    seen.current = who;
  }, [who, refetch]);
  const save = useCallback(
    async (choice: Choice) => {
      // Only the two kinds: the choice shown may carry the server's updatedAt.
      await request(SaveChoices, { input: { preferences: choice.preferences, analytics: choice.analytics } });
      setOpen(false);
      refetch();
    },
    [refetch],
  );
  const value: CookieChoices = {
    choice: data ? (data.cookiePreferences ?? null) : undefined,
    isOpen,
    open: () => setOpen(true),
    close: () => setOpen(false),
    save,
  };
  return <CookieChoicesContext.Provider value={value}>{children}</CookieChoicesContext.Provider>;
}

export const useCookieChoices = () => useContext(CookieChoicesContext);
