import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../../log.ts';
import { deriveKey, hmacHex } from '../crypto/keys.ts';
import { type MailTemplate, renderMail } from './templates.ts';

export type OutgoingMail = {
  to: string;
  template: MailTemplate;
  values: Record<string, string>;
  /** Already safe HTML inserted as it is where the template says `{{{name}}}`. */
  rawHtml?: Record<string, string>;
  /** Extra headers, e.g. List-Unsubscribe (RFC 8058) on information e-mails. */
  headers?: Record<string, string>;
};

/**
 * nodemailer over SMTP_URL, or `.eml` files in `$MIXX_DATA_DIR/outbox` when it is unset. Callers
 * send only after their transaction has committed. Logs name the template, never the address.
 *
 * An outbox file's name carries a tag of its recipient: a keyed hash of the address (key from
 * MIXX_SECRET), so erasure finds a member's files without any index, and a listing of the folder
 * names nobody to whoever lacks the secret.
 */
export class Mailer {
  private readonly transport: Transporter;
  private readonly outbox?: string;
  private readonly tagKey: Buffer;
  /** Mails handed to send() and not finished, by the order they came in. */
  private readonly inFlight = new Set<number>();
  private queued = 0;
  /** Tags erased while older mails were in flight, until those are done: they must not be written. */
  private readonly erased = new Map<string, number>();

  constructor(private readonly opts: { smtpUrl?: string; from: string; dataDir: string; secret: string; log: Logger }) {
    this.tagKey = deriveKey(opts.secret, 'outbox-tags');
    if (opts.smtpUrl) {
      this.transport = nodemailer.createTransport(opts.smtpUrl);
    } else {
      this.outbox = path.join(opts.dataDir, 'outbox');
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  async send(mail: OutgoingMail): Promise<void> {
    const order = ++this.queued;
    const tag = this.tagOf(mail.to);
    this.inFlight.add(order);
    try {
      const { subject, text, html } = renderMail(mail.template, mail.values, mail.rawHtml);
      const info = await this.transport.sendMail({
        from: this.opts.from,
        to: mail.to,
        subject,
        text,
        html,
        headers: mail.headers,
      });
      if (this.outbox) {
        // The member may have been erased while the message was being built. Checked and written
        // in one turn of the event loop: erase() cannot slip in between.
        if (this.wasErasedAfter(tag, order)) return this.dropped(mail);
        mkdirSync(this.outbox, { recursive: true, mode: 0o700 });
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const file = path.join(this.outbox, `${stamp}-${mail.template}-${tag}-${randomUUID()}.eml`);
        writeFileSync(file, (info as unknown as { message: Buffer }).message, { mode: 0o600 });
      }
      this.opts.log.info({ msg: 'mail sent', template: mail.template });
    } finally {
      this.inFlight.delete(order);
      for (const [erasedTag, before] of this.erased) {
        if (![...this.inFlight].some((o) => o <= before)) this.erased.delete(erasedTag);
      }
    }
  }

  /** For effects after a commit: a failure is logged (without the address) and does not fail the request. */
  sendLater(mail: OutgoingMail): void {
    this.send(mail).catch((error: unknown) =>
      this.opts.log.error({ msg: 'mail failed', template: mail.template, ...mailFailure(error) }),
    );
  }

  /**
   * Erasure: deletes the outbox files sent to these addresses, and keeps a mail to them that was
   * handed over before this call and is still being built from being written after it. Mails
   * handed over afterwards go out as usual (the address may register again at once). Over SMTP a
   * mail handed over is already on its way to the relay: there is nothing here to delete.
   * Returns how many files were deleted.
   */
  async erase(addresses: string[]): Promise<number> {
    const tags = new Set(addresses.map((a) => this.tagOf(a)));
    for (const tag of tags) if (this.inFlight.size > 0) this.erased.set(tag, this.queued);
    if (!this.outbox) return 0;
    const names = await readdir(this.outbox).catch(() => [] as string[]);
    const mine = names.filter((name) => tags.has(OUTBOX_NAME.exec(name)?.[1] ?? ''));
    await Promise.all(mine.map((name) => unlink(path.join(this.outbox as string, name)).catch(() => undefined)));
    return mine.length;
  }

  close(): void {
    this.transport.close();
  }

  private tagOf(address: string): string {
    return hmacHex(this.tagKey, address.trim().toLowerCase()).slice(0, 32);
  }

  private wasErasedAfter(tag: string, order: number): boolean {
    return (this.erased.get(tag) ?? 0) >= order;
  }

  private dropped(mail: OutgoingMail): void {
    this.opts.log.info({ msg: 'mail dropped: its recipient was erased', template: mail.template });
  }
}

/** `<time>-<template>-<tag>-<uuid>.eml` */
const OUTBOX_NAME = /-([0-9a-f]{32})-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.eml$/;

/**
 * What an operator needs from a failed mail, and nothing that names anyone: nodemailer's error
 * code (EENVELOPE, EAUTH, ECONNECTION…), the SMTP reply code and its enhanced status (RFC 3463),
 * and the SMTP command that failed. Never the message or the reply text: both can quote the
 * address.
 */
export function mailFailure(error: unknown): Record<string, string | number> {
  const e = (error ?? {}) as { name?: unknown; code?: unknown; responseCode?: unknown; response?: unknown; command?: unknown };
  const fields: Record<string, string | number> = { error: typeof e.name === 'string' ? e.name : 'Error' };
  if (typeof e.code === 'string' && /^E[A-Z_]{1,30}$/.test(e.code)) fields.code = e.code;
  if (typeof e.responseCode === 'number') fields.responseCode = e.responseCode;
  const enhanced = typeof e.response === 'string' ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(e.response) : null;
  if (enhanced?.[1]) fields.enhancedStatus = enhanced[1];
  if (typeof e.command === 'string' && /^[A-Z][A-Z0-9 -]{0,30}$/.test(e.command)) fields.command = e.command;
  return fields;
}
