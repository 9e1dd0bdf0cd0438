import { timingSafeEqual } from 'node:crypto';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashToken, isWellFormedToken, newToken } from '../services/security/tokens.ts';

/** How long the link of a fresh development instance opens the setup page. */
export const FIRST_ADMIN_LINK_TTL_MS = 60 * 60 * 1000;
export const FIRST_ADMIN_LINK_FILE = 'first-admin-link.txt';

/**
 * The one-time link that lets whoever can read the instance's data folder choose the first admin
 * of a fresh development instance (no staff, no MIXX_ADMIN_*). The token exists in clear only in a
 * file readable by its owner; the process keeps its hash and expiry in memory, so a restart issues
 * a new link and the old one dies with the process. Logs name the file, never the token.
 */
export class FirstAdminLink {
  private pending?: { hash: Buffer; expiresAt: number };

  constructor(private readonly opts: { dataDir: string; publicUrl: string; now?: () => number }) {}

  get file(): string {
    return path.join(this.opts.dataDir, FIRST_ADMIN_LINK_FILE);
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  /** Writes a new link to the file (mode 0600) and returns the file's path. */
  issue(): string {
    const token = newToken();
    const expiresAt = this.now() + FIRST_ADMIN_LINK_TTL_MS;
    this.pending = { hash: Buffer.from(hashToken(token), 'hex'), expiresAt };
    const link = `${this.opts.publicUrl}/admin/setup?token=${token}`;
    const text = `${link}\n\nOpen this link to choose the first Mixx admin. It works once, until ${new Date(expiresAt).toISOString()}, on the process that wrote it.\n`;
    writeFileSync(this.file, text, { mode: 0o600 });
    // The mode above applies only to a new file; an older one may have been readable by others.
    chmodSync(this.file, 0o600);
    return this.file;
  }

  /** Whether `token` is the pending link's, unexpired. Does not use it up. */
  isValid(token: unknown): token is string {
    const pending = this.pending;
    if (!pending || typeof token !== 'string' || !isWellFormedToken(token)) return false;
    if (this.now() > pending.expiresAt) return false;
    return timingSafeEqual(Buffer.from(hashToken(token), 'hex'), pending.hash);
  }

  /**
   * Uses the link up if `token` is valid, synchronously, so that of two simultaneous requests only
   * one can go on. Returns a function that puts it back (when creating the admin failed).
   */
  take(token: unknown): (() => void) | null {
    if (!this.isValid(token)) return null;
    const taken = this.pending;
    this.pending = undefined;
    return () => {
      this.pending ??= taken;
    };
  }

  /** After the first admin exists, by this link or otherwise: the link and its file are gone. */
  retire(): void {
    this.pending = undefined;
    rmSync(this.file, { force: true });
  }
}
