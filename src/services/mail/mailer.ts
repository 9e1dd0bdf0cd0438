import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../../log.ts';
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
 */
export class Mailer {
  private readonly transport: Transporter;
  private readonly outbox?: string;

  constructor(private readonly opts: { smtpUrl?: string; from: string; dataDir: string; log: Logger }) {
    if (opts.smtpUrl) {
      this.transport = nodemailer.createTransport(opts.smtpUrl);
    } else {
      this.outbox = path.join(opts.dataDir, 'outbox');
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  async send(mail: OutgoingMail): Promise<void> {
    const { subject, text, html } = renderMail(mail.template, mail.values, mail.rawHtml);
    const info = await this.transport.sendMail({ from: this.opts.from, to: mail.to, subject, text, html, headers: mail.headers });
    if (this.outbox) {
      mkdirSync(this.outbox, { recursive: true, mode: 0o700 });
      const file = path.join(
        this.outbox,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.template}-${randomUUID()}.eml`,
      );
      writeFileSync(file, (info as unknown as { message: Buffer }).message, { mode: 0o600 });
    }
    this.opts.log.info({ msg: 'mail sent', template: mail.template });
  }

  /** For effects after a commit: a failure is logged (without the address) and does not fail the request. */
  sendLater(mail: OutgoingMail): void {
    this.send(mail).catch((err: Error) => this.opts.log.error({ msg: 'mail failed', template: mail.template, error: err.name }));
  }

  close(): void {
    this.transport.close();
  }
}
