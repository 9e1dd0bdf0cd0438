import { useParams } from 'wouter';
import { useQuery } from '../api/use-query.ts';
import type { PolicyKind } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { NotFoundPage } from '../layout/not-found-page.tsx';
import { PageHeading } from '../layout/page-heading.tsx';
import { PolicyBody } from './policy-body.tsx';

const Policy = graphql(`
  query Policy($kind: PolicyKind!) {
    policy(kind: $kind) { title version effectiveAt bodyHtml }
  }
`);

const KINDS: Record<string, PolicyKind> = { terms: 'TERMS', privacy: 'PRIVACY' };

/** The version in force of the Terms of Use (/policies/terms) or the Privacy Policy (/policies/privacy). */
export function PolicyPage() {
  const kind = KINDS[useParams<{ kind: string }>().kind ?? ''];
  const { data } = useQuery(Policy, { kind: kind ?? 'TERMS' }, { skip: !kind });
  if (!kind) return <NotFoundPage />;
  const policy = data?.policy;
  if (!policy) return <p role="status">{data ? 'Not published yet.' : 'Loading…'}</p>;
  return (
    <article>
      <PageHeading title={policy.title} />
      <p className="meta">
        Version {policy.version}, in force since {new Date(policy.effectiveAt).toLocaleDateString()}.
      </p>
      <PolicyBody html={policy.bodyHtml} />
    </article>
  );
}
