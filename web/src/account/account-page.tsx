import { Link } from 'wouter';
import { useQuery } from '../api/use-query.ts';
import type { AccountQuery } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { PageHeading } from '../layout/page-heading.tsx';
import { useSession } from '../members/session.tsx';
import { InvoicesSection, PremiumSection } from './billing-sections.tsx';
import { CookiesSection, EmailConsentSection, PoliciesSection, SessionsSection } from './consent-sections.tsx';
import { DataSection, DeleteSection } from './data-sections.tsx';
import { DisclosuresSection, PartnerGrantsSection } from './partner-sections.tsx';
import { EmailSection, PasswordSection, ProfileSection } from './profile-sections.tsx';

/**
 * Each section names what it shows in a fragment of its own, and this query gathers them: a new
 * section is a component with its fragment, spread here and listed below.
 */
const Account = graphql(`
  query Account {
    me {
      id
      ...ProfileSection
      ...SessionsSection
      ...EmailConsentSection
      ...PoliciesSection
      ...PremiumSection
      ...InvoicesSection
      ...PartnerGrantsSection
      ...DisclosuresSection
    }
  }
`);

export type AccountMember = NonNullable<AccountQuery['me']>;

export function AccountPage() {
  const session = useSession();
  const { data, refetch } = useQuery(Account, undefined, { skip: !session.me });
  if (!session.me) {
    return (
      <>
        <PageHeading title="My account" />
        <p>{session.isLoading ? 'Loading…' : <Link href="/sign-in">Sign in to see your account.</Link>}</p>
      </>
    );
  }
  const me = data?.me;
  return (
    <>
      <PageHeading title="My account" />
      {me && (
        <div className="account">
          <ProfileSection member={me} onChange={refetch} />
          <EmailSection member={me} />
          <PasswordSection />
          <SessionsSection member={me} onChange={refetch} />
          <PremiumSection member={me} />
          <InvoicesSection member={me} />
          <EmailConsentSection member={me} onChange={refetch} />
          <CookiesSection />
          <PoliciesSection member={me} />
          <PartnerGrantsSection member={me} onChange={refetch} />
          <DisclosuresSection member={me} />
          <DataSection />
          <DeleteSection />
        </div>
      )}
    </>
  );
}
