import Stripe from 'stripe';
import type { EventObject } from './stripe-objects.ts';

export type Delivery = { status: number; body: { received?: boolean; outcome?: string; error?: string } };

/**
 * Sends an event to a webhook URL as the provider does: the JSON body, and a `Stripe-Signature`
 * header made by the package's own `generateTestHeaderString` with the secret and timestamp given
 * (now by default). `payload` replaces the body after signing (a body changed on the way);
 * `header: null` leaves the header out.
 */
export async function sendEvent(
  url: string,
  event: EventObject,
  opts: { secret: string; timestamp?: number; payload?: string; header?: string | null },
): Promise<Delivery> {
  const payload = JSON.stringify(event, null, 2);
  const header =
    opts.header === undefined
      ? Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret, timestamp: opts.timestamp })
      : opts.header;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      ...(header === null ? {} : { 'stripe-signature': header }),
    },
    body: opts.payload ?? payload,
  });
  const text = await response.text();
  let body: Delivery['body'] = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { error: text };
  }
  return { status: response.status, body };
}
