/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ChartPeriod =
  | 'ALL_TIME'
  | 'DAY'
  | 'MONTH'
  | 'WEEK';

export type ConsentEventKind =
  | 'COOKIES_SET'
  | 'EMAIL_CONFIRMED'
  | 'EMAIL_REQUESTED'
  | 'EMAIL_WITHDRAWN'
  | 'PARTNER_GRANTED'
  | 'PARTNER_REVOKED'
  | 'POLICY_ACCEPTED';

export type CookiePreferencesInput = {
  analytics: boolean;
  preferences: boolean;
  /** For an anonymous visitor; omit for a signed-in member or a new visitor. */
  visitorId?: string | number | null | undefined;
};

export type DisclosureKind =
  /** Staff disclosed personal data to an authority under a legal obligation (law or a court's decision). */
  | 'LEGAL_OBLIGATION'
  /** A partner app the member allowed received personal data. */
  | 'PARTNER_ACCESS';

export type EmailConsentStatus =
  | 'GRANTED'
  /** Never asked, or never answered. */
  | 'NONE'
  /** Granted, waiting for the member to confirm from the e-mail (double opt-in). */
  | 'PENDING'
  | 'WITHDRAWN';

export type Plan =
  | 'FREE'
  | 'PREMIUM';

export type PolicyKind =
  | 'PRIVACY'
  | 'TERMS';

export type RegisterInput = {
  /** Must name the current TERMS and PRIVACY versions. */
  acceptedPolicyVersionIds: Array<string | number>;
  displayName: string;
  email: string;
  emailConsent?: boolean | null | undefined;
  password: string;
};

export type SubscriptionStatus =
  | 'ACTIVE'
  | 'CANCELED'
  | 'INCOMPLETE'
  | 'PAST_DUE'
  | 'TRIALING';

export type UpdateProfileInput = {
  displayName?: string | null | undefined;
};

export type AccountQueryVariables = Exact<{ [key: string]: never; }>;


export type AccountQuery = { me: { id: string, displayName: string, email: string, emailVerified: boolean, plan: Plan, createdAt: string, downloadQuota: { limit: number | null, remaining: number | null, used: number, resetsAt: string }, sessions: Array<{ id: string, createdAt: string, lastUsedAt: string, userAgent: string | null, current: boolean }>, emailConsent: { status: EmailConsentStatus, updatedAt: string | null }, acceptances: Array<{ id: string, acceptedAt: string, policy: { title: string, version: number } }>, subscription: { plan: Plan, status: SubscriptionStatus, currentPeriodEnd: string | null, cancelAtPeriodEnd: boolean } | null, invoices: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: string | null, amountDue: number, amountPaid: number, currency: string, status: string, periodStart: string | null, periodEnd: string | null, createdAt: string } }> }, partnerGrants: Array<{ id: string, grantedAt: string, lastUsedAt: string | null, scopes: Array<string>, partner: { id: string, name: string, homepageUrl: string | null, privacyPolicyUrl: string | null } }>, disclosures: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, kind: DisclosureKind, recipient: string, fields: Array<string>, firstAt: string, lastAt: string, count: number, legalBasis: string | null } }> } } | null };

export type PremiumSectionFragment = { plan: Plan, subscription: { plan: Plan, status: SubscriptionStatus, currentPeriodEnd: string | null, cancelAtPeriodEnd: boolean } | null };

export type InvoicePageFragment = { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: string | null, amountDue: number, amountPaid: number, currency: string, status: string, periodStart: string | null, periodEnd: string | null, createdAt: string } }> };

export type InvoicesSectionFragment = { invoices: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: string | null, amountDue: number, amountPaid: number, currency: string, status: string, periodStart: string | null, periodEnd: string | null, createdAt: string } }> } };

export type MoreInvoicesQueryVariables = Exact<{
  after: string;
}>;


export type MoreInvoicesQuery = { me: { invoices: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: string | null, amountDue: number, amountPaid: number, currency: string, status: string, periodStart: string | null, periodEnd: string | null, createdAt: string } }> } } | null };

export type StartPremiumCheckoutMutationVariables = Exact<{ [key: string]: never; }>;


export type StartPremiumCheckoutMutation = { startPremiumCheckout: { url: string } };

export type OpenBillingPortalMutationVariables = Exact<{ [key: string]: never; }>;


export type OpenBillingPortalMutation = { openBillingPortal: { url: string } };

export type SessionsSectionFragment = { sessions: Array<{ id: string, createdAt: string, lastUsedAt: string, userAgent: string | null, current: boolean }> };

export type EmailConsentSectionFragment = { emailConsent: { status: EmailConsentStatus, updatedAt: string | null } };

export type PoliciesSectionFragment = { acceptances: Array<{ id: string, acceptedAt: string, policy: { title: string, version: number } }> };

export type ConsentHistoryQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ConsentHistoryQuery = { me: { consentHistory: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, at: string, kind: ConsentEventKind, source: string, policy: { title: string, version: number } | null, partner: { id: string, name: string } | null } }> } } | null };

export type RevokeSessionMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeSessionMutation = { revokeSession: boolean };

export type LogoutEverywhereMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutEverywhereMutation = { logoutEverywhere: number };

export type SetEmailConsentMutationVariables = Exact<{
  granted: boolean;
}>;


export type SetEmailConsentMutation = { setEmailConsent: { status: EmailConsentStatus } };

export type ExportMyDataMutationVariables = Exact<{ [key: string]: never; }>;


export type ExportMyDataMutation = { exportMyData: unknown };

export type DeleteAccountMutationVariables = Exact<{
  password: string;
}>;


export type DeleteAccountMutation = { deleteAccount: boolean };

export type PartnerGrantsSectionFragment = { partnerGrants: Array<{ id: string, grantedAt: string, lastUsedAt: string | null, scopes: Array<string>, partner: { id: string, name: string, homepageUrl: string | null, privacyPolicyUrl: string | null } }> };

export type DisclosurePageFragment = { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, kind: DisclosureKind, recipient: string, fields: Array<string>, firstAt: string, lastAt: string, count: number, legalBasis: string | null } }> };

export type DisclosuresSectionFragment = { disclosures: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, kind: DisclosureKind, recipient: string, fields: Array<string>, firstAt: string, lastAt: string, count: number, legalBasis: string | null } }> } };

export type MoreDisclosuresQueryVariables = Exact<{
  after: string;
}>;


export type MoreDisclosuresQuery = { me: { disclosures: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, kind: DisclosureKind, recipient: string, fields: Array<string>, firstAt: string, lastAt: string, count: number, legalBasis: string | null } }> } } | null };

export type RevokePartnerGrantMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokePartnerGrantMutation = { revokePartnerGrant: boolean };

export type ProfileSectionFragment = { displayName: string, email: string, emailVerified: boolean, plan: Plan, createdAt: string, downloadQuota: { limit: number | null, remaining: number | null, used: number, resetsAt: string } };

export type UpdateProfileMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type UpdateProfileMutation = { updateProfile: { displayName: string } };

export type ChangeEmailMutationVariables = Exact<{
  newEmail: string;
  password: string;
}>;


export type ChangeEmailMutation = { changeEmail: boolean };

export type ChangePasswordMutationVariables = Exact<{
  currentPassword: string;
  newPassword: string;
}>;


export type ChangePasswordMutation = { changePassword: boolean };

export type ArtistQueryVariables = Exact<{
  id: string | number;
}>;


export type ArtistQuery = { artist: { name: string, bio: string | null, releases: { edges: Array<{ node: { id: string, title: string, year: number | null, coverUrl: string | null, artist: { name: string } } }> }, tracks: { totalCount: number, edges: Array<{ node: { id: string, title: string, durationSeconds: number, artist: { id: string, name: string }, release: { id: string, title: string } | null } }> } } | null };

export type ReleaseQueryVariables = Exact<{
  id: string | number;
}>;


export type ReleaseQuery = { release: { title: string, year: number | null, coverUrl: string | null, artist: { id: string, name: string }, genres: Array<{ name: string, slug: string }>, tracks: Array<{ id: string, title: string, durationSeconds: number, artist: { id: string, name: string }, release: { id: string, title: string } | null }> } | null };

export type GenreQueryVariables = Exact<{
  slug: string;
}>;


export type GenreQuery = { genres: Array<{ name: string, slug: string }>, tracks: { totalCount: number, edges: Array<{ node: { id: string, title: string, durationSeconds: number, artist: { id: string, name: string }, release: { id: string, title: string } | null } }> } };

export type RequestDownloadMutationVariables = Exact<{
  trackId: string | number;
}>;


export type RequestDownloadMutation = { requestDownload: { url: string } };

export type HomeQueryVariables = Exact<{ [key: string]: never; }>;


export type HomeQuery = { tracks: { edges: Array<{ node: { id: string, title: string, durationSeconds: number, artist: { id: string, name: string }, release: { id: string, title: string } | null } }> }, genres: Array<{ id: string, name: string, slug: string }> };

export type ChartQueryVariables = Exact<{
  period: ChartPeriod;
}>;


export type ChartQuery = { topTracks: Array<{ rank: number, track: { id: string, title: string, durationSeconds: number, artist: { id: string, name: string }, release: { id: string, title: string } | null } }> };

export type ReleaseCardFragment = { id: string, title: string, year: number | null, coverUrl: string | null, artist: { name: string } };

export type SearchQueryVariables = Exact<{
  text: string;
}>;


export type SearchQuery = { artists: { edges: Array<{ node: { id: string, name: string } }> }, releases: { edges: Array<{ node: { id: string, title: string, year: number | null, coverUrl: string | null, artist: { name: string } } }> }, tracks: { totalCount: number, edges: Array<{ node: { id: string, title: string, durationSeconds: number, artist: { id: string, name: string }, release: { id: string, title: string } | null } }> } };

export type TrackRowFragment = { id: string, title: string, durationSeconds: number, artist: { id: string, name: string }, release: { id: string, title: string } | null };

export type CookieChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type CookieChoicesQuery = { cookiePreferences: { preferences: boolean, analytics: boolean, updatedAt: string | null } | null };

export type SaveCookieChoicesMutationVariables = Exact<{
  input: CookiePreferencesInput;
}>;


export type SaveCookieChoicesMutation = { setCookiePreferences: { preferences: boolean, analytics: boolean, updatedAt: string | null } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type PolicyQueryVariables = Exact<{
  kind: PolicyKind;
}>;


export type PolicyQuery = { policy: { title: string, version: number, effectiveAt: string, bodyHtml: string } | null };

export type PendingPoliciesQueryVariables = Exact<{ [key: string]: never; }>;


export type PendingPoliciesQuery = { me: { pendingPolicies: Array<{ id: string, kind: PolicyKind, title: string, version: number, changeSummary: string | null, bodyHtml: string }>, acceptances: Array<{ policy: { id: string, kind: PolicyKind, version: number } }> } | null };

export type PolicyChangeQueryVariables = Exact<{
  id: string | number;
  from?: string | number | null | undefined;
}>;


export type PolicyChangeQuery = { policyVersion: { id: string, diff: { html: string, added: number, removed: number, from: { version: number } } | null } | null };

export type AcceptPoliciesMutationVariables = Exact<{
  versionIds: Array<string | number> | string | number;
}>;


export type AcceptPoliciesMutation = { acceptPolicies: Array<{ id: string }> };

export type CurrentPoliciesQueryVariables = Exact<{ [key: string]: never; }>;


export type CurrentPoliciesQuery = { terms: { id: string, title: string, version: number, bodyHtml: string } | null, privacy: { id: string, title: string, version: number, bodyHtml: string } | null };

export type RegisterMutationVariables = Exact<{
  input: RegisterInput;
}>;


export type RegisterMutation = { register: boolean };

export type ResendAfterRegisteringMutationVariables = Exact<{
  email: string;
}>;


export type ResendAfterRegisteringMutation = { resendVerificationEmail: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, displayName: string, email: string, emailVerified: boolean, downloadQuota: { limit: number | null, remaining: number | null, resetsAt: string }, pendingPolicies: Array<{ id: string }> } | null };

export type LoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type LoginMutation = { login: { member: { displayName: string } } };

export type RequestPasswordResetMutationVariables = Exact<{
  email: string;
}>;


export type RequestPasswordResetMutation = { requestPasswordReset: boolean };

export type ResendVerificationEmailMutationVariables = Exact<{
  email: string;
}>;


export type ResendVerificationEmailMutation = { resendVerificationEmail: boolean };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PremiumSectionFragmentDoc = new TypedDocumentString(`
    fragment PremiumSection on Member {
  plan
  subscription {
    plan
    status
    currentPeriodEnd
    cancelAtPeriodEnd
  }
}
    `, {"fragmentName":"PremiumSection"}) as unknown as TypedDocumentString<PremiumSectionFragment, unknown>;
export const InvoicePageFragmentDoc = new TypedDocumentString(`
    fragment InvoicePage on InvoiceConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  edges {
    node {
      id
      number
      amountDue
      amountPaid
      currency
      status
      periodStart
      periodEnd
      createdAt
    }
  }
}
    `, {"fragmentName":"InvoicePage"}) as unknown as TypedDocumentString<InvoicePageFragment, unknown>;
export const InvoicesSectionFragmentDoc = new TypedDocumentString(`
    fragment InvoicesSection on Member {
  invoices(first: 10) {
    ...InvoicePage
  }
}
    fragment InvoicePage on InvoiceConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  edges {
    node {
      id
      number
      amountDue
      amountPaid
      currency
      status
      periodStart
      periodEnd
      createdAt
    }
  }
}`, {"fragmentName":"InvoicesSection"}) as unknown as TypedDocumentString<InvoicesSectionFragment, unknown>;
export const SessionsSectionFragmentDoc = new TypedDocumentString(`
    fragment SessionsSection on Member {
  sessions {
    id
    createdAt
    lastUsedAt
    userAgent
    current
  }
}
    `, {"fragmentName":"SessionsSection"}) as unknown as TypedDocumentString<SessionsSectionFragment, unknown>;
export const EmailConsentSectionFragmentDoc = new TypedDocumentString(`
    fragment EmailConsentSection on Member {
  emailConsent {
    status
    updatedAt
  }
}
    `, {"fragmentName":"EmailConsentSection"}) as unknown as TypedDocumentString<EmailConsentSectionFragment, unknown>;
export const PoliciesSectionFragmentDoc = new TypedDocumentString(`
    fragment PoliciesSection on Member {
  acceptances {
    id
    acceptedAt
    policy {
      title
      version
    }
  }
}
    `, {"fragmentName":"PoliciesSection"}) as unknown as TypedDocumentString<PoliciesSectionFragment, unknown>;
export const PartnerGrantsSectionFragmentDoc = new TypedDocumentString(`
    fragment PartnerGrantsSection on Member {
  partnerGrants {
    id
    grantedAt
    lastUsedAt
    scopes
    partner {
      id
      name
      homepageUrl
      privacyPolicyUrl
    }
  }
}
    `, {"fragmentName":"PartnerGrantsSection"}) as unknown as TypedDocumentString<PartnerGrantsSectionFragment, unknown>;
export const DisclosurePageFragmentDoc = new TypedDocumentString(`
    fragment DisclosurePage on DisclosureConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  edges {
    node {
      id
      kind
      recipient
      fields
      firstAt
      lastAt
      count
      legalBasis
    }
  }
}
    `, {"fragmentName":"DisclosurePage"}) as unknown as TypedDocumentString<DisclosurePageFragment, unknown>;
export const DisclosuresSectionFragmentDoc = new TypedDocumentString(`
    fragment DisclosuresSection on Member {
  disclosures(first: 10) {
    ...DisclosurePage
  }
}
    fragment DisclosurePage on DisclosureConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  edges {
    node {
      id
      kind
      recipient
      fields
      firstAt
      lastAt
      count
      legalBasis
    }
  }
}`, {"fragmentName":"DisclosuresSection"}) as unknown as TypedDocumentString<DisclosuresSectionFragment, unknown>;
export const ProfileSectionFragmentDoc = new TypedDocumentString(`
    fragment ProfileSection on Member {
  displayName
  email
  emailVerified
  plan
  createdAt
  downloadQuota {
    limit
    remaining
    used
    resetsAt
  }
}
    `, {"fragmentName":"ProfileSection"}) as unknown as TypedDocumentString<ProfileSectionFragment, unknown>;
export const ReleaseCardFragmentDoc = new TypedDocumentString(`
    fragment ReleaseCard on Release {
  id
  title
  year
  coverUrl
  artist {
    name
  }
}
    `, {"fragmentName":"ReleaseCard"}) as unknown as TypedDocumentString<ReleaseCardFragment, unknown>;
export const TrackRowFragmentDoc = new TypedDocumentString(`
    fragment TrackRow on Track {
  id
  title
  durationSeconds
  artist {
    id
    name
  }
  release {
    id
    title
  }
}
    `, {"fragmentName":"TrackRow"}) as unknown as TypedDocumentString<TrackRowFragment, unknown>;
export const AccountDocument = new TypedDocumentString(`
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
    fragment PremiumSection on Member {
  plan
  subscription {
    plan
    status
    currentPeriodEnd
    cancelAtPeriodEnd
  }
}
fragment InvoicePage on InvoiceConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  edges {
    node {
      id
      number
      amountDue
      amountPaid
      currency
      status
      periodStart
      periodEnd
      createdAt
    }
  }
}
fragment InvoicesSection on Member {
  invoices(first: 10) {
    ...InvoicePage
  }
}
fragment SessionsSection on Member {
  sessions {
    id
    createdAt
    lastUsedAt
    userAgent
    current
  }
}
fragment EmailConsentSection on Member {
  emailConsent {
    status
    updatedAt
  }
}
fragment PoliciesSection on Member {
  acceptances {
    id
    acceptedAt
    policy {
      title
      version
    }
  }
}
fragment PartnerGrantsSection on Member {
  partnerGrants {
    id
    grantedAt
    lastUsedAt
    scopes
    partner {
      id
      name
      homepageUrl
      privacyPolicyUrl
    }
  }
}
fragment DisclosurePage on DisclosureConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  edges {
    node {
      id
      kind
      recipient
      fields
      firstAt
      lastAt
      count
      legalBasis
    }
  }
}
fragment DisclosuresSection on Member {
  disclosures(first: 10) {
    ...DisclosurePage
  }
}
fragment ProfileSection on Member {
  displayName
  email
  emailVerified
  plan
  createdAt
  downloadQuota {
    limit
    remaining
    used
    resetsAt
  }
}`) as unknown as TypedDocumentString<AccountQuery, AccountQueryVariables>;
export const MoreInvoicesDocument = new TypedDocumentString(`
    query MoreInvoices($after: String!) {
  me {
    invoices(first: 10, after: $after) {
      ...InvoicePage
    }
  }
}
    fragment InvoicePage on InvoiceConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  edges {
    node {
      id
      number
      amountDue
      amountPaid
      currency
      status
      periodStart
      periodEnd
      createdAt
    }
  }
}`) as unknown as TypedDocumentString<MoreInvoicesQuery, MoreInvoicesQueryVariables>;
export const StartPremiumCheckoutDocument = new TypedDocumentString(`
    mutation StartPremiumCheckout {
  startPremiumCheckout {
    url
  }
}
    `) as unknown as TypedDocumentString<StartPremiumCheckoutMutation, StartPremiumCheckoutMutationVariables>;
export const OpenBillingPortalDocument = new TypedDocumentString(`
    mutation OpenBillingPortal {
  openBillingPortal {
    url
  }
}
    `) as unknown as TypedDocumentString<OpenBillingPortalMutation, OpenBillingPortalMutationVariables>;
export const ConsentHistoryDocument = new TypedDocumentString(`
    query ConsentHistory($after: String) {
  me {
    consentHistory(first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          at
          kind
          source
          policy {
            title
            version
          }
          partner {
            id
            name
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsentHistoryQuery, ConsentHistoryQueryVariables>;
export const RevokeSessionDocument = new TypedDocumentString(`
    mutation RevokeSession($id: ID!) {
  revokeSession(id: $id)
}
    `) as unknown as TypedDocumentString<RevokeSessionMutation, RevokeSessionMutationVariables>;
export const LogoutEverywhereDocument = new TypedDocumentString(`
    mutation LogoutEverywhere {
  logoutEverywhere
}
    `) as unknown as TypedDocumentString<LogoutEverywhereMutation, LogoutEverywhereMutationVariables>;
export const SetEmailConsentDocument = new TypedDocumentString(`
    mutation SetEmailConsent($granted: Boolean!) {
  setEmailConsent(granted: $granted) {
    status
  }
}
    `) as unknown as TypedDocumentString<SetEmailConsentMutation, SetEmailConsentMutationVariables>;
export const ExportMyDataDocument = new TypedDocumentString(`
    mutation ExportMyData {
  exportMyData
}
    `) as unknown as TypedDocumentString<ExportMyDataMutation, ExportMyDataMutationVariables>;
export const DeleteAccountDocument = new TypedDocumentString(`
    mutation DeleteAccount($password: String!) {
  deleteAccount(password: $password)
}
    `) as unknown as TypedDocumentString<DeleteAccountMutation, DeleteAccountMutationVariables>;
export const MoreDisclosuresDocument = new TypedDocumentString(`
    query MoreDisclosures($after: String!) {
  me {
    disclosures(first: 10, after: $after) {
      ...DisclosurePage
    }
  }
}
    fragment DisclosurePage on DisclosureConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  edges {
    node {
      id
      kind
      recipient
      fields
      firstAt
      lastAt
      count
      legalBasis
    }
  }
}`) as unknown as TypedDocumentString<MoreDisclosuresQuery, MoreDisclosuresQueryVariables>;
export const RevokePartnerGrantDocument = new TypedDocumentString(`
    mutation RevokePartnerGrant($id: ID!) {
  revokePartnerGrant(id: $id)
}
    `) as unknown as TypedDocumentString<RevokePartnerGrantMutation, RevokePartnerGrantMutationVariables>;
export const UpdateProfileDocument = new TypedDocumentString(`
    mutation UpdateProfile($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    displayName
  }
}
    `) as unknown as TypedDocumentString<UpdateProfileMutation, UpdateProfileMutationVariables>;
export const ChangeEmailDocument = new TypedDocumentString(`
    mutation ChangeEmail($newEmail: String!, $password: String!) {
  changeEmail(newEmail: $newEmail, password: $password)
}
    `) as unknown as TypedDocumentString<ChangeEmailMutation, ChangeEmailMutationVariables>;
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
}
    `) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const ArtistDocument = new TypedDocumentString(`
    query Artist($id: ID!) {
  artist(id: $id) {
    name
    bio
    releases(first: 50) {
      edges {
        node {
          ...ReleaseCard
        }
      }
    }
    tracks(first: 50) {
      totalCount
      edges {
        node {
          ...TrackRow
        }
      }
    }
  }
}
    fragment ReleaseCard on Release {
  id
  title
  year
  coverUrl
  artist {
    name
  }
}
fragment TrackRow on Track {
  id
  title
  durationSeconds
  artist {
    id
    name
  }
  release {
    id
    title
  }
}`) as unknown as TypedDocumentString<ArtistQuery, ArtistQueryVariables>;
export const ReleaseDocument = new TypedDocumentString(`
    query Release($id: ID!) {
  release(id: $id) {
    title
    year
    coverUrl
    artist {
      id
      name
    }
    genres {
      name
      slug
    }
    tracks {
      ...TrackRow
    }
  }
}
    fragment TrackRow on Track {
  id
  title
  durationSeconds
  artist {
    id
    name
  }
  release {
    id
    title
  }
}`) as unknown as TypedDocumentString<ReleaseQuery, ReleaseQueryVariables>;
export const GenreDocument = new TypedDocumentString(`
    query Genre($slug: String!) {
  genres {
    name
    slug
  }
  tracks(first: 50, orderBy: NEWEST, filter: {genre: $slug}) {
    totalCount
    edges {
      node {
        ...TrackRow
      }
    }
  }
}
    fragment TrackRow on Track {
  id
  title
  durationSeconds
  artist {
    id
    name
  }
  release {
    id
    title
  }
}`) as unknown as TypedDocumentString<GenreQuery, GenreQueryVariables>;
export const RequestDownloadDocument = new TypedDocumentString(`
    mutation RequestDownload($trackId: ID!) {
  requestDownload(trackId: $trackId) {
    url
  }
}
    `) as unknown as TypedDocumentString<RequestDownloadMutation, RequestDownloadMutationVariables>;
export const HomeDocument = new TypedDocumentString(`
    query Home {
  tracks(first: 20, orderBy: NEWEST) {
    edges {
      node {
        ...TrackRow
      }
    }
  }
  genres {
    id
    name
    slug
  }
}
    fragment TrackRow on Track {
  id
  title
  durationSeconds
  artist {
    id
    name
  }
  release {
    id
    title
  }
}`) as unknown as TypedDocumentString<HomeQuery, HomeQueryVariables>;
export const ChartDocument = new TypedDocumentString(`
    query Chart($period: ChartPeriod!) {
  topTracks(period: $period, first: 10) {
    rank
    track {
      ...TrackRow
    }
  }
}
    fragment TrackRow on Track {
  id
  title
  durationSeconds
  artist {
    id
    name
  }
  release {
    id
    title
  }
}`) as unknown as TypedDocumentString<ChartQuery, ChartQueryVariables>;
export const SearchDocument = new TypedDocumentString(`
    query Search($text: String!) {
  artists(first: 5, search: $text) {
    edges {
      node {
        id
        name
      }
    }
  }
  releases(first: 6, filter: {search: $text}) {
    edges {
      node {
        ...ReleaseCard
      }
    }
  }
  tracks(first: 20, filter: {search: $text}) {
    totalCount
    edges {
      node {
        ...TrackRow
      }
    }
  }
}
    fragment ReleaseCard on Release {
  id
  title
  year
  coverUrl
  artist {
    name
  }
}
fragment TrackRow on Track {
  id
  title
  durationSeconds
  artist {
    id
    name
  }
  release {
    id
    title
  }
}`) as unknown as TypedDocumentString<SearchQuery, SearchQueryVariables>;
export const CookieChoicesDocument = new TypedDocumentString(`
    query CookieChoices {
  cookiePreferences {
    preferences
    analytics
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<CookieChoicesQuery, CookieChoicesQueryVariables>;
export const SaveCookieChoicesDocument = new TypedDocumentString(`
    mutation SaveCookieChoices($input: CookiePreferencesInput!) {
  setCookiePreferences(input: $input) {
    preferences
    analytics
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<SaveCookieChoicesMutation, SaveCookieChoicesMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const PolicyDocument = new TypedDocumentString(`
    query Policy($kind: PolicyKind!) {
  policy(kind: $kind) {
    title
    version
    effectiveAt
    bodyHtml
  }
}
    `) as unknown as TypedDocumentString<PolicyQuery, PolicyQueryVariables>;
export const PendingPoliciesDocument = new TypedDocumentString(`
    query PendingPolicies {
  me {
    pendingPolicies {
      id
      kind
      title
      version
      changeSummary
      bodyHtml
    }
    acceptances {
      policy {
        id
        kind
        version
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PendingPoliciesQuery, PendingPoliciesQueryVariables>;
export const PolicyChangeDocument = new TypedDocumentString(`
    query PolicyChange($id: ID!, $from: ID) {
  policyVersion(id: $id) {
    id
    diff(from: $from) {
      html
      added
      removed
      from {
        version
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PolicyChangeQuery, PolicyChangeQueryVariables>;
export const AcceptPoliciesDocument = new TypedDocumentString(`
    mutation AcceptPolicies($versionIds: [ID!]!) {
  acceptPolicies(versionIds: $versionIds) {
    id
  }
}
    `) as unknown as TypedDocumentString<AcceptPoliciesMutation, AcceptPoliciesMutationVariables>;
export const CurrentPoliciesDocument = new TypedDocumentString(`
    query CurrentPolicies {
  terms: policy(kind: TERMS) {
    id
    title
    version
    bodyHtml
  }
  privacy: policy(kind: PRIVACY) {
    id
    title
    version
    bodyHtml
  }
}
    `) as unknown as TypedDocumentString<CurrentPoliciesQuery, CurrentPoliciesQueryVariables>;
export const RegisterDocument = new TypedDocumentString(`
    mutation Register($input: RegisterInput!) {
  register(input: $input)
}
    `) as unknown as TypedDocumentString<RegisterMutation, RegisterMutationVariables>;
export const ResendAfterRegisteringDocument = new TypedDocumentString(`
    mutation ResendAfterRegistering($email: String!) {
  resendVerificationEmail(email: $email)
}
    `) as unknown as TypedDocumentString<ResendAfterRegisteringMutation, ResendAfterRegisteringMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    displayName
    email
    emailVerified
    downloadQuota {
      limit
      remaining
      resetsAt
    }
    pendingPolicies {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    member {
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const RequestPasswordResetDocument = new TypedDocumentString(`
    mutation RequestPasswordReset($email: String!) {
  requestPasswordReset(email: $email)
}
    `) as unknown as TypedDocumentString<RequestPasswordResetMutation, RequestPasswordResetMutationVariables>;
export const ResendVerificationEmailDocument = new TypedDocumentString(`
    mutation ResendVerificationEmail($email: String!) {
  resendVerificationEmail(email: $email)
}
    `) as unknown as TypedDocumentString<ResendVerificationEmailMutation, ResendVerificationEmailMutationVariables>;