import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = {
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  raw: string;
};

/**
 * A real SMTP server in the test process; Mixx sends to it over SMTP_URL. `refuse` names the
 * recipients it rejects at RCPT TO with `550 5.1.1`, quoting the address as real servers do.
 */
export async function startSmtp(opts: { refuse?: (address: string) => boolean } = {}) {
  const inbox: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!opts.refuse?.(address.address)) return callback();
      const error = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), {
        responseCode: 550,
      });
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed: ParsedMail = await simpleParser(raw);
        inbox.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          headers: parsed.headers as Map<string, unknown>,
          raw,
        });
        for (const w of waiters.splice(0)) w();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;

  /** The next mail to `address` matching `subject`, waiting for it to arrive. */
  async function next(address: string, subject: RegExp, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = inbox.findIndex((m) => m.to.includes(address.toLowerCase()) && subject.test(m.subject));
      if (index >= 0) return inbox.splice(index, 1)[0] as ReceivedMail;
      if (Date.now() > deadline)
        throw new Error(
          `no mail to ${address} matching ${subject}; inbox: ${inbox.map((m) => `${m.to}: ${m.subject}`).join('; ')}`,
        );
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** All mails to `address` received so far (without taking them). */
  const to = (address: string) => inbox.filter((m) => m.to.includes(address.toLowerCase()));

  return { url: `smtp://127.0.0.1:${port}`, inbox, next, to, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The token of the first link to `page` in a mail. */
export function tokenFrom(mail: ReceivedMail, page: string): string {
  const match = mail.text.match(new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`));
  if (!match?.[1]) throw new Error(`no /${page} link in: ${mail.text}`);
  return match[1];
}

/** A header exactly as it was sent (unfolded), from the raw message. */
export function rawHeader(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.raw.split(/\r?\n\r?\n/)[0]?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}
