import { ApiError } from './client.ts';

const time = (iso: unknown) =>
  typeof iso === 'string' ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : 'later';

/** What an error means for the member, in plain words. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  const { code, extensions } = error;
  switch (code) {
    case 'QUOTA_EXCEEDED':
      return `You have used all of today’s downloads. You can download again from ${time(extensions.resetsAt)}.`;
    case 'EMAIL_NOT_VERIFIED':
      return 'Please confirm your e-mail address first: open the link in the e-mail we sent you.';
    case 'POLICY_ACCEPTANCE_REQUIRED':
      return 'Our terms have changed. Please read and accept them to go on downloading.';
    case 'UNAUTHENTICATED':
      return 'Please sign in first.';
    case 'INVALID_CREDENTIALS':
      return 'That e-mail address and password do not match an account.';
    case 'INVALID_TOKEN':
      return 'This link has expired or was already used.';
    case 'RATE_LIMITED':
      return `Too many attempts. Please wait ${extensions.retryAfterSeconds ?? 60} seconds and try again.`;
    case 'PAYMENTS_UNAVAILABLE':
      return 'Premium is not offered here: this Mixx does not take payments.';
    case 'BAD_USER_INPUT':
    case 'NOT_FOUND':
    case 'NETWORK':
      return error.message;
    default:
      return 'Something went wrong on our side. Please try again.';
  }
}
