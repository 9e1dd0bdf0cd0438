import Stripe from 'stripe';
import type { StripeConfig } from '../../config.ts';

/**
 * The API version this code reads the provider's objects in: the one the `stripe` package was
 * built for (its `Stripe.API_VERSION`; a test holds the two equal). Pinned here so that upgrading
 * the package cannot change the shapes under the code silently: in this version a subscription's
 * period sits on its items and an invoice's subscription under `parent.subscription_details`.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive' satisfies Stripe.LatestApiVersion;

/** How old a webhook signature may be (the provider's own default, made explicit). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
/** How far in the future a signature's timestamp may lie (clock skew); the package accepts any. */
export const WEBHOOK_FUTURE_SKEW_SECONDS = 60;

export type WebhookRefusal = 'no-signature' | 'bad-signature' | 'too-old' | 'in-the-future';

export class WebhookRefused extends Error {
  constructor(readonly reason: WebhookRefusal) {
    super(`webhook refused: ${reason}`);
    this.name = 'WebhookRefused';
  }
}

/**
 * The payment provider, through its official package, and exactly the contract's five calls:
 * create a customer, a checkout session and a portal session; read and cancel a subscription.
 * Nothing else of the member leaves Mixx: a customer carries only `metadata[mixx_ref]`.
 */
export class StripePayments {
  private readonly stripe: Stripe;

  constructor(private readonly config: StripeConfig) {
    this.stripe = new Stripe(config.secretKey, {
      apiVersion: STRIPE_API_VERSION,
      ...(config.api ?? {}),
      // A member waits on checkout and portal: fail in seconds, not the package's 80.
      timeout: 10_000,
      maxNetworkRetries: 2,
      // The package reports the timing of earlier requests to the provider by default.
      telemetry: false,
    });
  }

  get pricePremium(): string {
    return this.config.pricePremium;
  }

  /** POST /v1/customers. The idempotency key makes concurrent first checkouts one customer. */
  async createCustomer(ref: string): Promise<string> {
    const customer = await this.stripe.customers.create(
      { metadata: { mixx_ref: ref } },
      { idempotencyKey: `mixx-customer-${ref}` },
    );
    return customer.id;
  }

  /** POST /v1/checkout/sessions: the hosted payment page for the PREMIUM price. */
  async createCheckout(opts: { customer: string; ref: string; successUrl: string; cancelUrl: string }) {
    const session = await this.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: opts.customer,
      client_reference_id: opts.ref,
      line_items: [{ price: this.config.pricePremium, quantity: 1 }],
      success_url: opts.successUrl,
      cancel_url: opts.cancelUrl,
    });
    if (!session.url) throw new Error('the provider returned a checkout session without a URL');
    return { url: session.url, expiresAt: new Date(session.expires_at * 1000) };
  }

  /** POST /v1/billing_portal/sessions: where the member changes the card, cancels, opens invoices. */
  async createPortal(opts: { customer: string; returnUrl: string }) {
    const session = await this.stripe.billingPortal.sessions.create({ customer: opts.customer, return_url: opts.returnUrl });
    return { url: session.url, expiresAt: null };
  }

  /** GET /v1/subscriptions/:id: the state now, when events alone cannot order two states. */
  retrieveSubscription(id: string): Promise<Stripe.Subscription> {
    return this.stripe.subscriptions.retrieve(id);
  }

  /**
   * DELETE /v1/subscriptions/:id, at once (an erased account has no period to finish). A
   * subscription the provider no longer has, or has already ended, counts as cancelled.
   */
  async cancelSubscription(id: string): Promise<void> {
    try {
      await this.stripe.subscriptions.cancel(id);
    } catch (error) {
      if (
        error instanceof Stripe.errors.StripeInvalidRequestError &&
        (error.statusCode === 404 || error.code === 'resource_missing')
      ) {
        return;
      }
      throw error;
    }
  }

  /**
   * The event of a webhook delivery, verified on the raw body by the package's `constructEvent`
   * with an explicit tolerance; a timestamp further in the future than the skew is refused too
   * (the package only looks at the past). Throws WebhookRefused, whose reason names no payload.
   */
  verifyWebhook(rawBody: Buffer, signature: string | undefined, now = Date.now()): Stripe.Event {
    if (!signature) throw new WebhookRefused('no-signature');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(
        rawBody,
        signature,
        this.config.webhookSecret,
        WEBHOOK_TOLERANCE_SECONDS,
        undefined,
        now,
      );
    } catch (error) {
      const tooOld = error instanceof Stripe.errors.StripeSignatureVerificationError && /tolerance/i.test(error.message);
      throw new WebhookRefused(tooOld ? 'too-old' : 'bad-signature');
    }
    // The package signs with the header's last `t=`; one header has one, and a second is refused.
    const stamps = [...signature.matchAll(/(?:^|,)t=([^,]*)/g)].map((m) => Number(m[1]));
    const timestamp = stamps.length === 1 ? (stamps[0] as number) : Number.NaN;
    if (!Number.isFinite(timestamp)) throw new WebhookRefused('bad-signature');
    if (timestamp > now / 1000 + WEBHOOK_FUTURE_SKEW_SECONDS) throw new WebhookRefused('in-the-future');
    return event;
  }
}
