import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { request } from '../api/client.ts';
import { explain } from '../api/errors.ts';
import { CookieChoiceForm } from '../consent/cookie-banner.tsx';
import { useCookieChoices } from '../consent/cookie-choices.tsx';
import type {
  ConsentEventKind,
  ConsentHistoryQuery,
  EmailConsentSectionFragment,
  PoliciesSectionFragment,
  SessionsSectionFragment,
} from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { useNotify } from '../layout/notices.tsx';
import { useSession } from '../members/session.tsx';
import { dateTime, Section } from './section.tsx';

graphql(`
  fragment SessionsSection on Member {
    sessions { id createdAt lastUsedAt userAgent current }
  }
`);
graphql(`
  fragment EmailConsentSection on Member {
    emailConsent { status updatedAt }
  }
`);
graphql(`
  fragment PoliciesSection on Member {
    acceptances { id acceptedAt policy { title version } }
  }
`);

const History = graphql(`
  query ConsentHistory($after: String) {
    me {
      consentHistory(first: 50, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id at kind source policy { title version } partner { id name } } }
      }
    }
  }
`);

const RevokeSession = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);
const LogoutEverywhere = graphql(`
  mutation LogoutEverywhere {
    logoutEverywhere
  }
`);
const SetEmailConsent = graphql(`
  mutation SetEmailConsent($granted: Boolean!) {
    setEmailConsent(granted: $granted) { status }
  }
`);

export function SessionsSection({ member, onChange }: { member: SessionsSectionFragment; onChange: () => void }) {
  const session = useSession();
  const notify = useNotify();
  const [, navigate] = useLocation();
  const end = async (run: () => Promise<unknown>, endsThisOne: boolean) => {
    try {
      await run();
    } catch (error) {
      return notify('error', explain(error));
    }
    if (!endsThisOne) return onChange();
    session.refresh();
    navigate('/sign-in');
    notify('info', 'You are signed out.');
  };
  return (
    <Section title="Sessions">
      <ul className="rows">
        {member.sessions.map((s) => (
          <li key={s.id}>
            <span id={`session-${s.id}`}>
              {s.current && <strong>This browser. </strong>}
              {s.userAgent ?? 'Unknown app'}: signed in {dateTime(s.createdAt)}, last used {dateTime(s.lastUsedAt)}
            </span>
            <button
              type="button"
              aria-describedby={`session-${s.id}`}
              onClick={() => end(() => request(RevokeSession, { id: s.id }), s.current)}
            >
              End session
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => end(() => request(LogoutEverywhere), true)}>
        End all sessions
      </button>
    </Section>
  );
}

const CONSENT_WORDS = {
  GRANTED: 'You receive information e-mails.',
  PENDING: 'Waiting for you to confirm from the e-mail we sent you.',
  WITHDRAWN: 'You do not receive information e-mails.',
  NONE: 'You do not receive information e-mails.',
} as const;

export function EmailConsentSection({ member, onChange }: { member: EmailConsentSectionFragment; onChange: () => void }) {
  const notify = useNotify();
  const { status } = member.emailConsent;
  // The box shows the answer asked for until the new status arrives (or the server refuses).
  const [asked, setAsked] = useState<boolean | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new status is what ends the wait
  useEffect(() => setAsked(null), [status]);
  const isOn = asked ?? (status === 'GRANTED' || status === 'PENDING');
  const set = (granted: boolean) => {
    setAsked(granted);
    request(SetEmailConsent, { granted }).then(onChange, (error) => {
      setAsked(null);
      notify('error', explain(error));
    });
  };
  return (
    <Section title="Information e-mails">
      <p role="status">{CONSENT_WORDS[status]}</p>
      <label className="check">
        <input type="checkbox" checked={isOn} disabled={asked !== null} onChange={(e) => set(e.target.checked)} /> Send me
        information e-mails about new music
      </label>
    </Section>
  );
}

export function CookiesSection() {
  const { choice, save } = useCookieChoices();
  const [note, setNote] = useState('');
  if (choice === undefined) return null;
  return (
    <Section title="Cookie choices">
      <CookieChoiceForm
        initial={choice ?? { preferences: false, analytics: false }}
        onSave={(picked) => save(picked).then(() => setNote('Saved.'))}
      />
      <p role="status">{note}</p>
    </Section>
  );
}

type ConsentEvent = NonNullable<ConsentHistoryQuery['me']>['consentHistory']['edges'][number]['node'];

const EVENT_WORDS: Record<ConsentEventKind, (e: ConsentEvent) => string> = {
  POLICY_ACCEPTED: (e) => `Accepted ${e.policy ? `${e.policy.title}, version ${e.policy.version}` : 'a policy'}`,
  COOKIES_SET: () => 'Saved cookie choices',
  EMAIL_REQUESTED: () => 'Asked for information e-mails',
  EMAIL_CONFIRMED: () => 'Confirmed information e-mails',
  EMAIL_WITHDRAWN: () => 'Stopped information e-mails',
  PARTNER_GRANTED: (e) => `Allowed ${e.partner?.name ?? 'a partner app'} to reach your account`,
  PARTNER_REVOKED: (e) => {
    const whose = e.partner ? `${e.partner.name}’s` : 'a partner app’s';
    return e.source === 'oauth' ? `Ended ${whose} access` : `Took back ${whose} access`;
  },
};

/** Where a choice was made; `oauth` is Mixx's consent page for a grant, the app or a reused token for an end. */
const sourceWords = (e: ConsentEvent) =>
  e.source === 'oauth'
    ? e.kind === 'PARTNER_GRANTED'
      ? 'on Mixx’s page for the app'
      : 'the app gave it up, or a reused token ended it'
    : (SOURCE_WORDS[e.source] ?? e.source);

const SOURCE_WORDS: Record<string, string> = {
  registration: 'when registering',
  settings: 'in your settings',
  prompt: 'in a prompt',
  'email-link': 'from an e-mail link',
  'one-click': 'with one-click unsubscribe',
  system: 'by Mixx',
};

export function PoliciesSection({ member }: { member: PoliciesSectionFragment }) {
  const [events, setEvents] = useState<ConsentEvent[]>([]);
  const [page, setPage] = useState<{ total: number; next: string | null } | null>(null);
  const [error, setError] = useState('');
  const load = async (after: string | null) => {
    try {
      const history = (await request(History, { after })).me?.consentHistory;
      if (!history) return;
      setEvents((shown) => [...(after ? shown : []), ...history.edges.map((e) => e.node)]);
      setPage({ total: history.totalCount, next: history.pageInfo.hasNextPage ? (history.pageInfo.endCursor ?? null) : null });
    } catch (e) {
      setError(explain(e));
    }
  };
  // The account changed (a partner app revoked, e-mails switched): a history on show starts over.
  const isShown = page !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new member object is what asks for it
  useEffect(() => {
    if (isShown) load(null);
  }, [member]);
  return (
    <Section title="Policies and consent">
      <h3>Accepted policies</h3>
      <ul className="rows">
        {member.acceptances.map((a) => (
          <li key={a.id}>
            {a.policy.title}, version {a.policy.version}: accepted {dateTime(a.acceptedAt)}
          </li>
        ))}
      </ul>
      <h3>Consent history</h3>
      {page ? (
        <>
          <p>
            Every choice you made, newest first ({events.length} of {page.total} shown).
          </p>
          <ol className="rows">
            {events.map((e) => (
              <li key={e.id}>
                {dateTime(e.at)}: {EVENT_WORDS[e.kind](e)} ({sourceWords(e)})
              </li>
            ))}
          </ol>
          {page.next && (
            <button type="button" onClick={() => load(page.next)}>
              Show more
            </button>
          )}
        </>
      ) : (
        <button type="button" onClick={() => load(null)}>
          Show the consent history
        </button>
      )}
      {error && <p role="alert">{error}</p>}
    </Section>
  );
}
