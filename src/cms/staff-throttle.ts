import { APIError, type PayloadRequest } from 'payload';
import type { ThrottledAction } from '../services/security/throttle.ts';
import { cmsServices } from './process-services.ts';
import { requestClient } from './request-client.ts';

/** RATE_LIMITED over REST: 429 with the members' code and wait, logged at info (see payload.config.ts). */
export class StaffRateLimited extends APIError {
  override name = 'RateLimited';
  constructor(retryAfterSeconds: number) {
    super('Too many attempts. Try again later.', 429, { code: 'RATE_LIMITED', retryAfterSeconds }, true);
  }
}

type StaffAction = Extract<ThrottledAction, `staff-${string}`>;

const throttle = () => {
  const services = cmsServices();
  // Only the server's start-up registers the services; without them nothing may pass unthrottled.
  if (!services) throw new APIError('Staff sign-in is not available.', 503, null, true);
  return services.throttle;
};

/** Counts one attempt of this request's client on `account`; StaffRateLimited once a limit is used up. */
export async function attemptAsStaff(req: PayloadRequest, action: StaffAction, account: string): Promise<void> {
  try {
    await throttle().attempt(action, { account, client: requestClient(req) });
  } catch (error) {
    // The throttle's RateLimitedError may come from another copy of its module (Next bundles one):
    // recognise it by its code, not its class.
    const extensions = (error as { extensions?: { code?: unknown; retryAfterSeconds?: unknown } }).extensions;
    if (extensions?.code !== 'RATE_LIMITED') throw error;
    throw new StaffRateLimited(Number(extensions.retryAfterSeconds) || 1);
  }
}

export async function succeededAsStaff(req: PayloadRequest, action: StaffAction, account: string): Promise<void> {
  await throttle().succeeded(action, { account, client: requestClient(req) });
}
