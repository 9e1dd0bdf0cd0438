import { createHmac, timingSafeEqual } from 'node:crypto';

/** Ten minutes: long enough to start (and resume) a download, too short to share a link for long. */
export const TICKET_LIFETIME_SECONDS = 600;

export type TicketClaims = { downloadId: string; trackId: number; expiresAt: Date };

/**
 * A download ticket: `<downloadId>.<trackId>.<expiry>.<mac>`, the MAC an HMAC-SHA256 under a key
 * derived from MIXX_SECRET over those three and the member the download belongs to. The member is
 * bound without being named in the URL: the server finds them through the download row. Changing
 * any part (another track, a later expiry, someone else's download) breaks the MAC.
 */
export function signTicket(key: Buffer, claims: TicketClaims & { memberId: string }): string {
  const body = `${claims.downloadId}.${claims.trackId}.${Math.floor(claims.expiresAt.getTime() / 1000)}`;
  return `${body}.${mac(key, body, claims.memberId)}`;
}

/** The claims of a well-formed ticket, before its MAC is checked (which needs the member). */
export function readTicket(ticket: string): (TicketClaims & { body: string; mac: string }) | null {
  // The download id must be a UUID as PostgreSQL reads it: 36 characters of anything else failed in SQL.
  const match =
    /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!match) return null;
  const [, downloadId, trackId, expiry, signature] = match as unknown as [string, string, string, string, string];
  return {
    downloadId,
    trackId: Number(trackId),
    expiresAt: new Date(Number(expiry) * 1000),
    body: `${downloadId}.${trackId}.${expiry}`,
    mac: signature,
  };
}

export function isAuthentic(key: Buffer, ticket: { body: string; mac: string }, memberId: string): boolean {
  const expected = Buffer.from(mac(key, ticket.body, memberId));
  const given = Buffer.from(ticket.mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function mac(key: Buffer, body: string, memberId: string): string {
  return createHmac('sha256', key).update(`${body}.${memberId}`).digest('base64url');
}
