/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Account {\n    me {\n      id\n      ...ProfileSection\n      ...SessionsSection\n      ...EmailConsentSection\n      ...PoliciesSection\n      ...PremiumSection\n      ...InvoicesSection\n      ...PartnerGrantsSection\n      ...DisclosuresSection\n    }\n  }\n": typeof types.AccountDocument,
    "\n  fragment PremiumSection on Member {\n    plan\n    subscription { plan status currentPeriodEnd cancelAtPeriodEnd }\n  }\n": typeof types.PremiumSectionFragmentDoc,
    "\n  fragment InvoicePage on InvoiceConnection {\n    totalCount\n    pageInfo { hasNextPage endCursor }\n    edges { node { id number amountDue amountPaid currency status periodStart periodEnd createdAt } }\n  }\n": typeof types.InvoicePageFragmentDoc,
    "\n  fragment InvoicesSection on Member {\n    invoices(first: 10) { ...InvoicePage }\n  }\n": typeof types.InvoicesSectionFragmentDoc,
    "\n  query MoreInvoices($after: String!) {\n    me { invoices(first: 10, after: $after) { ...InvoicePage } }\n  }\n": typeof types.MoreInvoicesDocument,
    "\n  mutation StartPremiumCheckout {\n    startPremiumCheckout { url }\n  }\n": typeof types.StartPremiumCheckoutDocument,
    "\n  mutation OpenBillingPortal {\n    openBillingPortal { url }\n  }\n": typeof types.OpenBillingPortalDocument,
    "\n  fragment SessionsSection on Member {\n    sessions { id createdAt lastUsedAt userAgent current }\n  }\n": typeof types.SessionsSectionFragmentDoc,
    "\n  fragment EmailConsentSection on Member {\n    emailConsent { status updatedAt }\n  }\n": typeof types.EmailConsentSectionFragmentDoc,
    "\n  fragment PoliciesSection on Member {\n    acceptances { id acceptedAt policy { title version } }\n  }\n": typeof types.PoliciesSectionFragmentDoc,
    "\n  query ConsentHistory($after: String) {\n    me {\n      consentHistory(first: 50, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { node { id at kind source policy { title version } partner { id name } } }\n      }\n    }\n  }\n": typeof types.ConsentHistoryDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": typeof types.RevokeSessionDocument,
    "\n  mutation LogoutEverywhere {\n    logoutEverywhere\n  }\n": typeof types.LogoutEverywhereDocument,
    "\n  mutation SetEmailConsent($granted: Boolean!) {\n    setEmailConsent(granted: $granted) { status }\n  }\n": typeof types.SetEmailConsentDocument,
    "\n  mutation ExportMyData {\n    exportMyData\n  }\n": typeof types.ExportMyDataDocument,
    "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n": typeof types.DeleteAccountDocument,
    "\n  fragment PartnerGrantsSection on Member {\n    partnerGrants { id grantedAt lastUsedAt scopes partner { id name homepageUrl privacyPolicyUrl } }\n  }\n": typeof types.PartnerGrantsSectionFragmentDoc,
    "\n  fragment DisclosurePage on DisclosureConnection {\n    totalCount\n    pageInfo { hasNextPage endCursor }\n    edges { node { id kind recipient fields firstAt lastAt count legalBasis } }\n  }\n": typeof types.DisclosurePageFragmentDoc,
    "\n  fragment DisclosuresSection on Member {\n    disclosures(first: 10) { ...DisclosurePage }\n  }\n": typeof types.DisclosuresSectionFragmentDoc,
    "\n  query MoreDisclosures($after: String!) {\n    me { disclosures(first: 10, after: $after) { ...DisclosurePage } }\n  }\n": typeof types.MoreDisclosuresDocument,
    "\n  mutation RevokePartnerGrant($id: ID!) {\n    revokePartnerGrant(id: $id)\n  }\n": typeof types.RevokePartnerGrantDocument,
    "\n  fragment ProfileSection on Member {\n    displayName\n    email\n    emailVerified\n    plan\n    createdAt\n    downloadQuota { limit remaining used resetsAt }\n  }\n": typeof types.ProfileSectionFragmentDoc,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) { displayName }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  mutation ChangeEmail($newEmail: String!, $password: String!) {\n    changeEmail(newEmail: $newEmail, password: $password)\n  }\n": typeof types.ChangeEmailDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query Artist($id: ID!) {\n    artist(id: $id) {\n      name\n      bio\n      releases(first: 50) { edges { node { ...ReleaseCard } } }\n      tracks(first: 50) { totalCount edges { node { ...TrackRow } } }\n    }\n  }\n": typeof types.ArtistDocument,
    "\n  query Release($id: ID!) {\n    release(id: $id) {\n      title\n      year\n      coverUrl\n      artist { id name }\n      genres { name slug }\n      tracks { ...TrackRow }\n    }\n  }\n": typeof types.ReleaseDocument,
    "\n  query Genre($slug: String!) {\n    genres { name slug }\n    tracks(first: 50, orderBy: NEWEST, filter: { genre: $slug }) { totalCount edges { node { ...TrackRow } } }\n  }\n": typeof types.GenreDocument,
    "\n  mutation RequestDownload($trackId: ID!) {\n    requestDownload(trackId: $trackId) { url }\n  }\n": typeof types.RequestDownloadDocument,
    "\n  query Home {\n    tracks(first: 20, orderBy: NEWEST) { edges { node { ...TrackRow } } }\n    genres { id name slug }\n  }\n": typeof types.HomeDocument,
    "\n  query Chart($period: ChartPeriod!) {\n    topTracks(period: $period, first: 10) { rank track { ...TrackRow } }\n  }\n": typeof types.ChartDocument,
    "\n  fragment ReleaseCard on Release {\n    id\n    title\n    year\n    coverUrl\n    artist { name }\n  }\n": typeof types.ReleaseCardFragmentDoc,
    "\n  query Search($text: String!) {\n    artists(first: 5, search: $text) { edges { node { id name } } }\n    releases(first: 6, filter: { search: $text }) { edges { node { ...ReleaseCard } } }\n    tracks(first: 20, filter: { search: $text }) { totalCount edges { node { ...TrackRow } } }\n  }\n": typeof types.SearchDocument,
    "\n  fragment TrackRow on Track {\n    id\n    title\n    durationSeconds\n    artist { id name }\n    release { id title }\n  }\n": typeof types.TrackRowFragmentDoc,
    "\n  query CookieChoices {\n    cookiePreferences { preferences analytics updatedAt }\n  }\n": typeof types.CookieChoicesDocument,
    "\n  mutation SaveCookieChoices($input: CookiePreferencesInput!) {\n    setCookiePreferences(input: $input) { preferences analytics updatedAt }\n  }\n": typeof types.SaveCookieChoicesDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query Policy($kind: PolicyKind!) {\n    policy(kind: $kind) { title version effectiveAt bodyHtml }\n  }\n": typeof types.PolicyDocument,
    "\n  query PendingPolicies {\n    me {\n      pendingPolicies { id kind title version changeSummary bodyHtml }\n      acceptances { policy { id kind version } }\n    }\n  }\n": typeof types.PendingPoliciesDocument,
    "\n  query PolicyChange($id: ID!, $from: ID) {\n    policyVersion(id: $id) {\n      id\n      diff(from: $from) { html added removed from { version } }\n    }\n  }\n": typeof types.PolicyChangeDocument,
    "\n  mutation AcceptPolicies($versionIds: [ID!]!) {\n    acceptPolicies(versionIds: $versionIds) { id }\n  }\n": typeof types.AcceptPoliciesDocument,
    "\n  query CurrentPolicies {\n    terms: policy(kind: TERMS) { id title version bodyHtml }\n    privacy: policy(kind: PRIVACY) { id title version bodyHtml }\n  }\n": typeof types.CurrentPoliciesDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input)\n  }\n": typeof types.RegisterDocument,
    "\n  mutation ResendAfterRegistering($email: String!) {\n    resendVerificationEmail(email: $email)\n  }\n": typeof types.ResendAfterRegisteringDocument,
    "\n  query Me {\n    me {\n      id\n      displayName\n      email\n      emailVerified\n      downloadQuota { limit remaining resetsAt }\n      pendingPolicies { id }\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) { member { displayName } }\n  }\n": typeof types.LoginDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResendVerificationEmail($email: String!) {\n    resendVerificationEmail(email: $email)\n  }\n": typeof types.ResendVerificationEmailDocument,
};
const documents: Documents = {
    "\n  query Account {\n    me {\n      id\n      ...ProfileSection\n      ...SessionsSection\n      ...EmailConsentSection\n      ...PoliciesSection\n      ...PremiumSection\n      ...InvoicesSection\n      ...PartnerGrantsSection\n      ...DisclosuresSection\n    }\n  }\n": types.AccountDocument,
    "\n  fragment PremiumSection on Member {\n    plan\n    subscription { plan status currentPeriodEnd cancelAtPeriodEnd }\n  }\n": types.PremiumSectionFragmentDoc,
    "\n  fragment InvoicePage on InvoiceConnection {\n    totalCount\n    pageInfo { hasNextPage endCursor }\n    edges { node { id number amountDue amountPaid currency status periodStart periodEnd createdAt } }\n  }\n": types.InvoicePageFragmentDoc,
    "\n  fragment InvoicesSection on Member {\n    invoices(first: 10) { ...InvoicePage }\n  }\n": types.InvoicesSectionFragmentDoc,
    "\n  query MoreInvoices($after: String!) {\n    me { invoices(first: 10, after: $after) { ...InvoicePage } }\n  }\n": types.MoreInvoicesDocument,
    "\n  mutation StartPremiumCheckout {\n    startPremiumCheckout { url }\n  }\n": types.StartPremiumCheckoutDocument,
    "\n  mutation OpenBillingPortal {\n    openBillingPortal { url }\n  }\n": types.OpenBillingPortalDocument,
    "\n  fragment SessionsSection on Member {\n    sessions { id createdAt lastUsedAt userAgent current }\n  }\n": types.SessionsSectionFragmentDoc,
    "\n  fragment EmailConsentSection on Member {\n    emailConsent { status updatedAt }\n  }\n": types.EmailConsentSectionFragmentDoc,
    "\n  fragment PoliciesSection on Member {\n    acceptances { id acceptedAt policy { title version } }\n  }\n": types.PoliciesSectionFragmentDoc,
    "\n  query ConsentHistory($after: String) {\n    me {\n      consentHistory(first: 50, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { node { id at kind source policy { title version } partner { id name } } }\n      }\n    }\n  }\n": types.ConsentHistoryDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": types.RevokeSessionDocument,
    "\n  mutation LogoutEverywhere {\n    logoutEverywhere\n  }\n": types.LogoutEverywhereDocument,
    "\n  mutation SetEmailConsent($granted: Boolean!) {\n    setEmailConsent(granted: $granted) { status }\n  }\n": types.SetEmailConsentDocument,
    "\n  mutation ExportMyData {\n    exportMyData\n  }\n": types.ExportMyDataDocument,
    "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n": types.DeleteAccountDocument,
    "\n  fragment PartnerGrantsSection on Member {\n    partnerGrants { id grantedAt lastUsedAt scopes partner { id name homepageUrl privacyPolicyUrl } }\n  }\n": types.PartnerGrantsSectionFragmentDoc,
    "\n  fragment DisclosurePage on DisclosureConnection {\n    totalCount\n    pageInfo { hasNextPage endCursor }\n    edges { node { id kind recipient fields firstAt lastAt count legalBasis } }\n  }\n": types.DisclosurePageFragmentDoc,
    "\n  fragment DisclosuresSection on Member {\n    disclosures(first: 10) { ...DisclosurePage }\n  }\n": types.DisclosuresSectionFragmentDoc,
    "\n  query MoreDisclosures($after: String!) {\n    me { disclosures(first: 10, after: $after) { ...DisclosurePage } }\n  }\n": types.MoreDisclosuresDocument,
    "\n  mutation RevokePartnerGrant($id: ID!) {\n    revokePartnerGrant(id: $id)\n  }\n": types.RevokePartnerGrantDocument,
    "\n  fragment ProfileSection on Member {\n    displayName\n    email\n    emailVerified\n    plan\n    createdAt\n    downloadQuota { limit remaining used resetsAt }\n  }\n": types.ProfileSectionFragmentDoc,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) { displayName }\n  }\n": types.UpdateProfileDocument,
    "\n  mutation ChangeEmail($newEmail: String!, $password: String!) {\n    changeEmail(newEmail: $newEmail, password: $password)\n  }\n": types.ChangeEmailDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": types.ChangePasswordDocument,
    "\n  query Artist($id: ID!) {\n    artist(id: $id) {\n      name\n      bio\n      releases(first: 50) { edges { node { ...ReleaseCard } } }\n      tracks(first: 50) { totalCount edges { node { ...TrackRow } } }\n    }\n  }\n": types.ArtistDocument,
    "\n  query Release($id: ID!) {\n    release(id: $id) {\n      title\n      year\n      coverUrl\n      artist { id name }\n      genres { name slug }\n      tracks { ...TrackRow }\n    }\n  }\n": types.ReleaseDocument,
    "\n  query Genre($slug: String!) {\n    genres { name slug }\n    tracks(first: 50, orderBy: NEWEST, filter: { genre: $slug }) { totalCount edges { node { ...TrackRow } } }\n  }\n": types.GenreDocument,
    "\n  mutation RequestDownload($trackId: ID!) {\n    requestDownload(trackId: $trackId) { url }\n  }\n": types.RequestDownloadDocument,
    "\n  query Home {\n    tracks(first: 20, orderBy: NEWEST) { edges { node { ...TrackRow } } }\n    genres { id name slug }\n  }\n": types.HomeDocument,
    "\n  query Chart($period: ChartPeriod!) {\n    topTracks(period: $period, first: 10) { rank track { ...TrackRow } }\n  }\n": types.ChartDocument,
    "\n  fragment ReleaseCard on Release {\n    id\n    title\n    year\n    coverUrl\n    artist { name }\n  }\n": types.ReleaseCardFragmentDoc,
    "\n  query Search($text: String!) {\n    artists(first: 5, search: $text) { edges { node { id name } } }\n    releases(first: 6, filter: { search: $text }) { edges { node { ...ReleaseCard } } }\n    tracks(first: 20, filter: { search: $text }) { totalCount edges { node { ...TrackRow } } }\n  }\n": types.SearchDocument,
    "\n  fragment TrackRow on Track {\n    id\n    title\n    durationSeconds\n    artist { id name }\n    release { id title }\n  }\n": types.TrackRowFragmentDoc,
    "\n  query CookieChoices {\n    cookiePreferences { preferences analytics updatedAt }\n  }\n": types.CookieChoicesDocument,
    "\n  mutation SaveCookieChoices($input: CookiePreferencesInput!) {\n    setCookiePreferences(input: $input) { preferences analytics updatedAt }\n  }\n": types.SaveCookieChoicesDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query Policy($kind: PolicyKind!) {\n    policy(kind: $kind) { title version effectiveAt bodyHtml }\n  }\n": types.PolicyDocument,
    "\n  query PendingPolicies {\n    me {\n      pendingPolicies { id kind title version changeSummary bodyHtml }\n      acceptances { policy { id kind version } }\n    }\n  }\n": types.PendingPoliciesDocument,
    "\n  query PolicyChange($id: ID!, $from: ID) {\n    policyVersion(id: $id) {\n      id\n      diff(from: $from) { html added removed from { version } }\n    }\n  }\n": types.PolicyChangeDocument,
    "\n  mutation AcceptPolicies($versionIds: [ID!]!) {\n    acceptPolicies(versionIds: $versionIds) { id }\n  }\n": types.AcceptPoliciesDocument,
    "\n  query CurrentPolicies {\n    terms: policy(kind: TERMS) { id title version bodyHtml }\n    privacy: policy(kind: PRIVACY) { id title version bodyHtml }\n  }\n": types.CurrentPoliciesDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input)\n  }\n": types.RegisterDocument,
    "\n  mutation ResendAfterRegistering($email: String!) {\n    resendVerificationEmail(email: $email)\n  }\n": types.ResendAfterRegisteringDocument,
    "\n  query Me {\n    me {\n      id\n      displayName\n      email\n      emailVerified\n      downloadQuota { limit remaining resetsAt }\n      pendingPolicies { id }\n    }\n  }\n": types.MeDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) { member { displayName } }\n  }\n": types.LoginDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResendVerificationEmail($email: String!) {\n    resendVerificationEmail(email: $email)\n  }\n": types.ResendVerificationEmailDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Account {\n    me {\n      id\n      ...ProfileSection\n      ...SessionsSection\n      ...EmailConsentSection\n      ...PoliciesSection\n      ...PremiumSection\n      ...InvoicesSection\n      ...PartnerGrantsSection\n      ...DisclosuresSection\n    }\n  }\n"): typeof import('./graphql').AccountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PremiumSection on Member {\n    plan\n    subscription { plan status currentPeriodEnd cancelAtPeriodEnd }\n  }\n"): typeof import('./graphql').PremiumSectionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InvoicePage on InvoiceConnection {\n    totalCount\n    pageInfo { hasNextPage endCursor }\n    edges { node { id number amountDue amountPaid currency status periodStart periodEnd createdAt } }\n  }\n"): typeof import('./graphql').InvoicePageFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InvoicesSection on Member {\n    invoices(first: 10) { ...InvoicePage }\n  }\n"): typeof import('./graphql').InvoicesSectionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MoreInvoices($after: String!) {\n    me { invoices(first: 10, after: $after) { ...InvoicePage } }\n  }\n"): typeof import('./graphql').MoreInvoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPremiumCheckout {\n    startPremiumCheckout { url }\n  }\n"): typeof import('./graphql').StartPremiumCheckoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OpenBillingPortal {\n    openBillingPortal { url }\n  }\n"): typeof import('./graphql').OpenBillingPortalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionsSection on Member {\n    sessions { id createdAt lastUsedAt userAgent current }\n  }\n"): typeof import('./graphql').SessionsSectionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EmailConsentSection on Member {\n    emailConsent { status updatedAt }\n  }\n"): typeof import('./graphql').EmailConsentSectionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PoliciesSection on Member {\n    acceptances { id acceptedAt policy { title version } }\n  }\n"): typeof import('./graphql').PoliciesSectionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsentHistory($after: String) {\n    me {\n      consentHistory(first: 50, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { node { id at kind source policy { title version } partner { id name } } }\n      }\n    }\n  }\n"): typeof import('./graphql').ConsentHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"): typeof import('./graphql').RevokeSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogoutEverywhere {\n    logoutEverywhere\n  }\n"): typeof import('./graphql').LogoutEverywhereDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetEmailConsent($granted: Boolean!) {\n    setEmailConsent(granted: $granted) { status }\n  }\n"): typeof import('./graphql').SetEmailConsentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExportMyData {\n    exportMyData\n  }\n"): typeof import('./graphql').ExportMyDataDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n"): typeof import('./graphql').DeleteAccountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PartnerGrantsSection on Member {\n    partnerGrants { id grantedAt lastUsedAt scopes partner { id name homepageUrl privacyPolicyUrl } }\n  }\n"): typeof import('./graphql').PartnerGrantsSectionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DisclosurePage on DisclosureConnection {\n    totalCount\n    pageInfo { hasNextPage endCursor }\n    edges { node { id kind recipient fields firstAt lastAt count legalBasis } }\n  }\n"): typeof import('./graphql').DisclosurePageFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DisclosuresSection on Member {\n    disclosures(first: 10) { ...DisclosurePage }\n  }\n"): typeof import('./graphql').DisclosuresSectionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MoreDisclosures($after: String!) {\n    me { disclosures(first: 10, after: $after) { ...DisclosurePage } }\n  }\n"): typeof import('./graphql').MoreDisclosuresDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokePartnerGrant($id: ID!) {\n    revokePartnerGrant(id: $id)\n  }\n"): typeof import('./graphql').RevokePartnerGrantDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProfileSection on Member {\n    displayName\n    email\n    emailVerified\n    plan\n    createdAt\n    downloadQuota { limit remaining used resetsAt }\n  }\n"): typeof import('./graphql').ProfileSectionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) { displayName }\n  }\n"): typeof import('./graphql').UpdateProfileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeEmail($newEmail: String!, $password: String!) {\n    changeEmail(newEmail: $newEmail, password: $password)\n  }\n"): typeof import('./graphql').ChangeEmailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"): typeof import('./graphql').ChangePasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Artist($id: ID!) {\n    artist(id: $id) {\n      name\n      bio\n      releases(first: 50) { edges { node { ...ReleaseCard } } }\n      tracks(first: 50) { totalCount edges { node { ...TrackRow } } }\n    }\n  }\n"): typeof import('./graphql').ArtistDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Release($id: ID!) {\n    release(id: $id) {\n      title\n      year\n      coverUrl\n      artist { id name }\n      genres { name slug }\n      tracks { ...TrackRow }\n    }\n  }\n"): typeof import('./graphql').ReleaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Genre($slug: String!) {\n    genres { name slug }\n    tracks(first: 50, orderBy: NEWEST, filter: { genre: $slug }) { totalCount edges { node { ...TrackRow } } }\n  }\n"): typeof import('./graphql').GenreDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestDownload($trackId: ID!) {\n    requestDownload(trackId: $trackId) { url }\n  }\n"): typeof import('./graphql').RequestDownloadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Home {\n    tracks(first: 20, orderBy: NEWEST) { edges { node { ...TrackRow } } }\n    genres { id name slug }\n  }\n"): typeof import('./graphql').HomeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Chart($period: ChartPeriod!) {\n    topTracks(period: $period, first: 10) { rank track { ...TrackRow } }\n  }\n"): typeof import('./graphql').ChartDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReleaseCard on Release {\n    id\n    title\n    year\n    coverUrl\n    artist { name }\n  }\n"): typeof import('./graphql').ReleaseCardFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Search($text: String!) {\n    artists(first: 5, search: $text) { edges { node { id name } } }\n    releases(first: 6, filter: { search: $text }) { edges { node { ...ReleaseCard } } }\n    tracks(first: 20, filter: { search: $text }) { totalCount edges { node { ...TrackRow } } }\n  }\n"): typeof import('./graphql').SearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TrackRow on Track {\n    id\n    title\n    durationSeconds\n    artist { id name }\n    release { id title }\n  }\n"): typeof import('./graphql').TrackRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CookieChoices {\n    cookiePreferences { preferences analytics updatedAt }\n  }\n"): typeof import('./graphql').CookieChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveCookieChoices($input: CookiePreferencesInput!) {\n    setCookiePreferences(input: $input) { preferences analytics updatedAt }\n  }\n"): typeof import('./graphql').SaveCookieChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Policy($kind: PolicyKind!) {\n    policy(kind: $kind) { title version effectiveAt bodyHtml }\n  }\n"): typeof import('./graphql').PolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingPolicies {\n    me {\n      pendingPolicies { id kind title version changeSummary bodyHtml }\n      acceptances { policy { id kind version } }\n    }\n  }\n"): typeof import('./graphql').PendingPoliciesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PolicyChange($id: ID!, $from: ID) {\n    policyVersion(id: $id) {\n      id\n      diff(from: $from) { html added removed from { version } }\n    }\n  }\n"): typeof import('./graphql').PolicyChangeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptPolicies($versionIds: [ID!]!) {\n    acceptPolicies(versionIds: $versionIds) { id }\n  }\n"): typeof import('./graphql').AcceptPoliciesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CurrentPolicies {\n    terms: policy(kind: TERMS) { id title version bodyHtml }\n    privacy: policy(kind: PRIVACY) { id title version bodyHtml }\n  }\n"): typeof import('./graphql').CurrentPoliciesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input)\n  }\n"): typeof import('./graphql').RegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendAfterRegistering($email: String!) {\n    resendVerificationEmail(email: $email)\n  }\n"): typeof import('./graphql').ResendAfterRegisteringDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      displayName\n      email\n      emailVerified\n      downloadQuota { limit remaining resetsAt }\n      pendingPolicies { id }\n    }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) { member { displayName } }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): typeof import('./graphql').RequestPasswordResetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendVerificationEmail($email: String!) {\n    resendVerificationEmail(email: $email)\n  }\n"): typeof import('./graphql').ResendVerificationEmailDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
