/** What staff may say was disclosed; the member reads the labels. */
export const LEGAL_DATA_CATEGORIES = [
  { value: 'identity', label: 'Identity: e-mail address and display name' },
  { value: 'account', label: 'Account: plan, sign-up date, sessions' },
  { value: 'downloads', label: 'Downloads' },
  { value: 'consents', label: 'Consent history' },
  { value: 'partners', label: 'Partner apps allowed, and what they received' },
  { value: 'billing', label: 'Billing status (never card or bank details: Mixx holds none)' },
] as const;

export const legalCategoryLabel = (value: string): string =>
  LEGAL_DATA_CATEGORIES.find((category) => category.value === value)?.label ?? value;
