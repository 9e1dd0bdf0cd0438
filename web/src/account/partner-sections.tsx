import { useRef, useState } from 'react';
import { request } from '../api/client.ts';
import { explain } from '../api/errors.ts';
import type { DisclosuresSectionFragment, PartnerGrantsSectionFragment } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { useNotify } from '../layout/notices.tsx';
import { dateTime, Section } from './section.tsx';
import { useMore } from './use-more.ts';
import { disclosedWords, listWords, scopeWords } from './words.ts';

graphql(`
  fragment PartnerGrantsSection on Member {
    partnerGrants { id grantedAt lastUsedAt scopes partner { id name homepageUrl privacyPolicyUrl } }
  }
`);
graphql(`
  fragment DisclosurePage on DisclosureConnection {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id kind recipient fields firstAt lastAt count legalBasis } }
  }
`);
graphql(`
  fragment DisclosuresSection on Member {
    disclosures(first: 10) { ...DisclosurePage }
  }
`);

const MoreDisclosures = graphql(`
  query MoreDisclosures($after: String!) {
    me { disclosures(first: 10, after: $after) { ...DisclosurePage } }
  }
`);

const RevokePartnerGrant = graphql(`
  mutation RevokePartnerGrant($id: ID!) {
    revokePartnerGrant(id: $id)
  }
`);

type Grant = PartnerGrantsSectionFragment['partnerGrants'][number];

/** The partner apps the member allowed, what each may do, and Revoke, which ends all its access at once. */
export function PartnerGrantsSection({ member, onChange }: { member: PartnerGrantsSectionFragment; onChange: () => void }) {
  const notify = useNotify();
  const heading = useRef<HTMLHeadingElement>(null);
  const [busy, setBusy] = useState('');
  const revoke = async (grant: Grant) => {
    setBusy(grant.id);
    try {
      await request(RevokePartnerGrant, { id: grant.id });
    } catch (error) {
      setBusy('');
      return notify('error', explain(error));
    }
    // The row goes away with the button that had focus: focus stays in the section.
    heading.current?.focus();
    notify('info', `${grant.partner.name} can no longer reach your account: every access it had has ended.`);
    onChange();
  };
  return (
    <Section title="Apps you allowed" headingRef={heading}>
      {member.partnerGrants.length === 0 ? (
        <p>No partner app can reach your account.</p>
      ) : (
        <ul className="cards">
          {member.partnerGrants.map((grant) => (
            <li key={grant.id} aria-labelledby={`grant-${grant.id}`}>
              <h3 id={`grant-${grant.id}`}>{grant.partner.name}</h3>
              <p className="meta" id={`grant-when-${grant.id}`}>
                Allowed {dateTime(grant.grantedAt)}; last used {grant.lastUsedAt ? dateTime(grant.lastUsedAt) : 'never'}.
              </p>
              <p>It may:</p>
              <ul>
                {grant.scopes.map((scope) => (
                  <li key={scope}>{scopeWords(scope)}</li>
                ))}
              </ul>
              {grant.partner.privacyPolicyUrl && (
                <p>
                  <a href={grant.partner.privacyPolicyUrl} rel="noopener noreferrer">
                    {grant.partner.name}’s privacy policy
                  </a>
                </p>
              )}
              <button
                type="button"
                className="danger"
                aria-describedby={`grant-${grant.id}`}
                disabled={busy === grant.id}
                onClick={() => revoke(grant)}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

type Disclosure = DisclosuresSectionFragment['disclosures']['edges'][number]['node'];

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { timeStyle: 'short' });

function when(d: Disclosure): string {
  if (d.count === 1) return `on ${dateTime(d.firstAt)}`;
  // One group is one UTC day of one app; within a minute, the times would say nothing more.
  if (time(d.firstAt) === time(d.lastAt)) return `${d.count} times on ${dateTime(d.firstAt)}`;
  return `${d.count} times on ${day(d.firstAt)}, from ${time(d.firstAt)} to ${time(d.lastAt)}`;
}

/**
 * The disclosure log as the server groups it: a partner's answers per app, field set and day;
 * each disclosure staff had to make to an authority, with its legal basis.
 */
export function DisclosuresSection({ member }: { member: DisclosuresSectionFragment }) {
  const list = useMore(member.disclosures, async (after) => (await request(MoreDisclosures, { after })).me?.disclosures);
  return (
    <Section title="What left Mixx">
      {list.total === 0 ? (
        <p>Nothing about you has left Mixx.</p>
      ) : (
        <>
          <p>
            Everything about you that Mixx gave to someone else, newest first ({list.nodes.length} of {list.total} shown).
          </p>
          <ol className="rows">
            {list.nodes.map((d) => (
              <li key={d.id}>
                {d.kind === 'LEGAL_OBLIGATION' ? (
                  <span>
                    <strong>{d.recipient}</strong> (an authority) received {listWords(disclosedWords(d.kind, d.fields))} {when(d)}
                    , under a legal obligation. Legal basis: {d.legalBasis ?? 'not recorded'}.
                  </span>
                ) : (
                  <span>
                    <strong>{d.recipient}</strong> received {listWords(disclosedWords(d.kind, d.fields))} {when(d)}.
                  </span>
                )}
              </li>
            ))}
          </ol>
          {list.hasMore && (
            <button type="button" onClick={list.showMore} disabled={list.isBusy}>
              Show more
            </button>
          )}
          {list.error && <p role="alert">{list.error}</p>}
        </>
      )}
    </Section>
  );
}
