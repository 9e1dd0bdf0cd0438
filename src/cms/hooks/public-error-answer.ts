import type { AfterErrorHook } from 'payload';

/**
 * Payload's REST answer keeps an error's `data` (a validation error's fields, RATE_LIMITED and its
 * wait) only when `instanceof APIError` holds, and errors thrown by Mixx's hooks were seen to fail
 * that check in Next's handler (its copy of `payload` is not the server's). Their answer is built
 * here from the error's own properties instead, for public errors only: others stay masked.
 */
export const publicErrorAnswer: AfterErrorHook = ({ error, result }) => {
  const { data, status, isPublic } = error as Error & { data?: Record<string, unknown>; status?: number; isPublic?: boolean };
  if (!isPublic || !data || typeof data !== 'object' || result?.errors?.[0]?.data) return;
  return { response: { errors: [{ name: error.name, data, message: error.message }] }, status };
};
