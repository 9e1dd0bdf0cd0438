import { useEffect, useRef, useState } from 'react';
import { request } from '../api/client.ts';
import { explain } from '../api/errors.ts';
import { useQuery } from '../api/use-query.ts';
import type { PolicyKind } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { useNotify } from '../layout/notices.tsx';
import { PolicyBody } from './policy-body.tsx';
import { useSession } from './session.tsx';

const Pending = graphql(`
  query PendingPolicies {
    me {
      pendingPolicies { id kind title version changeSummary bodyHtml }
      acceptances { policy { id kind version } }
    }
  }
`);

const Change = graphql(`
  query PolicyChange($id: ID!, $from: ID) {
    policyVersion(id: $id) {
      id
      diff(from: $from) { html added removed from { version } }
    }
  }
`);

const Accept = graphql(`
  mutation AcceptPolicies($versionIds: [ID!]!) {
    acceptPolicies(versionIds: $versionIds) { id }
  }
`);

/**
 * A modal prompt while a version in force waits for the member's acceptance: what changed (the
 * editor's summary, and the text's changes since the version the member accepted), the full text
 * on request, and Accept. "Later" closes it until the next
 * refusal or page load; downloads stay refused meanwhile.
 */
export function PolicyPrompt() {
  const { me } = useSession();
  const pendingIds = me?.pendingPolicies.map((p) => p.id).join(',') ?? '';
  const [dismissed, setDismissed] = useState('');
  if (pendingIds === '' || pendingIds === dismissed) return null;
  // A new set of pending versions is a new prompt, which loads their texts.
  return <PromptDialog key={pendingIds} onLater={() => setDismissed(pendingIds)} />;
}

function PromptDialog({ onLater }: { onLater: () => void }) {
  const { refresh } = useSession();
  const { data } = useQuery(Pending);
  const dialog = useRef<HTMLDialogElement>(null);
  const notify = useNotify();
  const [error, setError] = useState('');
  const policies = data?.me?.pendingPolicies ?? [];
  const accepted = data?.me?.acceptances ?? [];

  useEffect(() => {
    if (policies.length > 0 && !dialog.current?.open) dialog.current?.showModal();
  }, [policies.length]);

  const accept = async () => {
    try {
      await request(Accept, { versionIds: policies.map((p) => p.id) });
      // Closing before the prompt goes away gives focus back to where it was.
      dialog.current?.close();
      refresh();
      notify('info', `Thank you: you accepted ${policies.map((p) => `${p.title} (version ${p.version})`).join(' and ')}.`);
    } catch (e) {
      setError(explain(e));
    }
  };
  return (
    <dialog ref={dialog} aria-labelledby="pending-title" className="prompt" onCancel={onLater}>
      <h2 id="pending-title">Our terms have changed</h2>
      {policies.map((policy) => (
        <section key={policy.id} aria-label={`${policy.title}, version ${policy.version}`}>
          <h3>
            {policy.title}, version {policy.version}
          </h3>
          <p>
            <strong>What changed:</strong> {policy.changeSummary ?? 'See the full text.'}
          </p>
          <PolicyChanges id={policy.id} from={lastAccepted(accepted, policy.kind)} />
          <details>
            <summary>Read the full text</summary>
            <PolicyBody className="scroll" html={policy.bodyHtml} />
          </details>
        </section>
      ))}
      {error && <p role="alert">{error}</p>}
      <div className="actions">
        <button type="button" onClick={accept}>
          Accept
        </button>
        <button
          type="button"
          className="link"
          onClick={() => {
            dialog.current?.close();
            onLater();
          }}
        >
          Later
        </button>
      </div>
    </dialog>
  );
}

type Accepted = { policy: { id: string; kind: PolicyKind; version: number } };

/** The newest version of that kind the member accepted; none: the server compares with the one before. */
function lastAccepted(acceptances: Accepted[], kind: PolicyKind): Accepted['policy'] | undefined {
  return acceptances
    .map((a) => a.policy)
    .filter((p) => p.kind === kind)
    .sort((a, b) => b.version - a.version)[0];
}

/** The words added and removed since that version, marked in the text (<ins>, <del>: the server's escaped HTML). */
function PolicyChanges({ id, from }: { id: string; from?: { id: string } }) {
  const { data, error } = useQuery(Change, { id, from: from?.id ?? null });
  if (error) return <p>The changes cannot be shown right now: see the full text.</p>;
  const diff = data?.policyVersion?.diff;
  if (!data) return <p className="meta">Loading the changes…</p>;
  if (!diff) return null;
  const label = `Changes since version ${diff.from.version}`;
  return (
    <figure className="diff">
      <figcaption>
        {label}
        {from ? ', which you accepted' : ''}: {diff.added} {diff.added === 1 ? 'word' : 'words'} added, {diff.removed}{' '}
        {diff.removed === 1 ? 'word' : 'words'} removed. <span className="diff-key">Added text is underlined</span>,{' '}
        <span className="diff-key removed">removed text is struck through</span>.
      </figcaption>
      {/* Focusable, so that the keyboard can scroll it. */}
      <PolicyBody className="scroll diff-text" html={diff.html} role="region" aria-label={label} tabIndex={0} />
    </figure>
  );
}
