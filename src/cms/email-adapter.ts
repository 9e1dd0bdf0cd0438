import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { EmailAdapter } from 'payload';

/**
 * Payload's mail (staff password resets) goes where Mixx's goes: SMTP_URL, or `.eml` files in
 * `$MIXX_DATA_DIR/outbox`. Without an adapter Payload would print each message, reset token
 * included, to the log. The settings are the server's configuration, handed over to the CMS config.
 */
export const staffEmailAdapter =
  (settings: { from: string; smtpUrl?: string; dataDir: string }): EmailAdapter =>
  () => {
    const { from, smtpUrl, dataDir } = settings;
    const match = from.match(/^(.*)<(.+)>\s*$/);
    const transport = smtpUrl
      ? nodemailer.createTransport(smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true });
    return {
      name: 'mixx',
      defaultFromAddress: (match?.[2] ?? from).trim(),
      defaultFromName: (match?.[1] ?? 'Mixx').trim() || 'Mixx',
      sendEmail: async (message) => {
        const info = await transport.sendMail({ ...message, from: message.from ?? from });
        if (!smtpUrl) {
          const outbox = path.resolve(dataDir, 'outbox');
          mkdirSync(outbox, { recursive: true, mode: 0o700 });
          writeFileSync(
            path.join(outbox, `${Date.now()}-staff-${randomUUID()}.eml`),
            (info as unknown as { message: Buffer }).message,
            { mode: 0o600 },
          );
        }
        return info;
      },
    };
  };
