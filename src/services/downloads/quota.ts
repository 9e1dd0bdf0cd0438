/** The FREE plan's period is the UTC day; its next start is when the quota resets (for every plan). */
export function nextUtcDay(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

export function startOfUtcDay(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export type Quota = { plan: 'free' | 'premium'; limit: number | null; used: number; remaining: number | null; resetsAt: Date };
