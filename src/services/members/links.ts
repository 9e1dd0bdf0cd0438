/** Links in e-mails open the pages the contract lists; a GET there only shows a form. */
export function pageLink(
  publicUrl: string,
  page: 'verify-email' | 'reset-password' | 'confirm-email-consent' | 'unsubscribe',
  token: string,
): string {
  return `${publicUrl}/${page}?token=${encodeURIComponent(token)}`;
}

export function resetStartLink(publicUrl: string): string {
  return `${publicUrl}/reset-password`;
}
