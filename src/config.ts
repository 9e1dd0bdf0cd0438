import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every environment variable of the contract's configuration table, parsed once at start-up.
 * A bad value stops the process with the variable's name; a secret never falls back silently.
 */
export type Config = Readonly<{
  port: number;
  env: 'development' | 'production';
  isProduction: boolean;
  databaseUrl: string | undefined;
  embeddedPgPort: number;
  dataDir: string;
  publicUrl: string;
  secret: string;
  /** false, a number of proxy hops, or the proxies' addresses and CIDR ranges (Fastify's trustProxy). */
  trustProxy: false | number | string[];
  smtpUrl: string | undefined;
  mailFrom: string;
  redisUrl: string | undefined;
  /** Prefix of every Redis key, so that several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  freeDownloadsPerDay: number;
  demoCatalog: boolean;
  nextDev: boolean;
  /** Serve GraphiQL at GET /graphql (text/html). */
  graphiql: boolean;
  logLevel: string;
  ledgerKeyVersion: number;
  ledgerCheckpointSeconds: number;
  /** The payment provider (Stripe); undefined when STRIPE_SECRET_KEY is not set: billing is off. */
  stripe: StripeConfig | undefined;
  /** PREMIUM's fair-use downloads per UTC day; null: no limit. */
  premiumDownloadsPerDay: number | null;
  /** Every GraphQL caller's cost budget (the contract's *Query cost*), unless set per partner. */
  costBudget: Readonly<{ maximumAvailable: number; restoreRate: number }>;
  /** Runs of a GraphQL document before its operation is compiled (graphql-jit); 0: never compiled. */
  compileAfterRuns: number;
}>;

export type StripeConfig = Readonly<{
  secretKey: string;
  webhookSecret: string;
  pricePremium: string;
  /** The API's host, port and protocol (STRIPE_API_URL); undefined: the provider's own. */
  api: Readonly<{ host: string; port: number; protocol: 'http' | 'https' }> | undefined;
}>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

const boolean = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''].includes(v), 'must be true or false')
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/**
 * `true`/`1` is one proxy hop, a number n is n hops, anything else a comma list of the proxies'
 * addresses or CIDR ranges. Never Fastify's `true`, which takes the leftmost X-Forwarded-For
 * value: the one the client wrote.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): false | number | string[] => {
    const lower = v.toLowerCase();
    if (['', 'false', '0', 'no', 'off'].includes(lower)) return false;
    if (['true', 'yes', 'on'].includes(lower)) return 1;
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops <= 32) return hops;
    }
    const entries = v.split(',').map((e) => e.trim());
    const bad = entries.find((e) => !isAddressOrRange(e));
    if (bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `must be true, a hop count, or a comma list of addresses or CIDR ranges (not "${bad}")`,
      });
      return z.NEVER;
    }
    return entries;
  });

function isAddressOrRange(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL (${protocols.join(' or ')})`,
    );

const variables = {
  PORT: port.default(4000),
  MIXX_ENV: z.enum(['development', 'production']).default('development'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  MIXX_PG_PORT: port.default(54329),
  MIXX_DATA_DIR: z.string().trim().min(1).default('./.mixx'),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  MIXX_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MIXX_TRUST_PROXY: trustProxy.default(false),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().trim().min(3).default('Mixx <no-reply@localhost>'),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  MIXX_REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1 to 64 of A-Z a-z 0-9 : _ . -')
    .default('mixx:'),
  MIXX_ADMIN_EMAIL: z.string().trim().toLowerCase().email('must be an e-mail address').optional(),
  MIXX_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(128).optional(),
  MIXX_FREE_DOWNLOADS_PER_DAY: z.coerce.number().int().min(0).max(100_000).default(20),
  MIXX_DEMO_CATALOG: boolean.default(true),
  /** Serve the admin from Next's development server (for work on the admin's own code only). */
  MIXX_NEXT_DEV: boolean.default(false),
  MIXX_LEDGER_KEY_VERSION: z.coerce.number().int().min(1).max(1000).default(1),
  MIXX_LEDGER_CHECKPOINT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  MIXX_GRAPHIQL: boolean.optional(),
  MIXX_PREMIUM_DOWNLOADS_PER_DAY: z.coerce.number().int().min(1).max(100_000).optional(),
  STRIPE_SECRET_KEY: z
    .string()
    .trim()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,255}$/, 'must be a secret or restricted key (sk_… or rk_…)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(/^whsec_[A-Za-z0-9+/=]{8,255}$/, "must be the webhook endpoint's signing secret (whsec_…)")
    .optional(),
  STRIPE_PRICE_PREMIUM: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,255}$/, 'must be a price id (price_…)')
    .optional(),
  STRIPE_API_URL: url(['http:', 'https:'])
    .refine((v) => {
      const u = new URL(v);
      return (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash && !u.username && !u.password;
    }, 'must be a bare origin: protocol, host and port, no path')
    .optional(),
  MIXX_COST_BUDGET: z.coerce.number().int().min(1).max(1e15).default(2000),
  MIXX_COST_RESTORE_RATE: z.coerce.number().positive().max(1e15).default(100),
  MIXX_COMPILE_AFTER_RUNS: z.coerce.number().int().min(0).max(1_000_000).default(2),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
} as const;

type Parsed = { [K in keyof typeof variables]: z.output<(typeof variables)[K]> };

function parseVariables(env: Record<string, string | undefined>): Parsed {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(variables)) {
    const raw = env[name];
    // An empty variable means "unset", as in most shells' `FOO= cmd`.
    const result = (schema as z.ZodType).safeParse(raw === '' ? undefined : raw);
    if (!result.success) {
      throw new ConfigError(name, result.error.issues.map((i) => i.message).join('; '));
    }
    out[name] = result.data;
  }
  return out as Parsed;
}

/** The development secret is generated once and kept in the data folder, readable by its owner only. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const v = parseVariables(env);
  const isProduction = v.MIXX_ENV === 'production';
  const dataDir = path.resolve(v.MIXX_DATA_DIR);
  if (isProduction && !v.MIXX_SECRET) throw new ConfigError('MIXX_SECRET', 'is required when MIXX_ENV=production');
  if (isProduction && !v.DATABASE_URL) throw new ConfigError('DATABASE_URL', 'is required when MIXX_ENV=production');
  if (Boolean(v.MIXX_ADMIN_EMAIL) !== Boolean(v.MIXX_ADMIN_PASSWORD)) {
    const missing = v.MIXX_ADMIN_EMAIL ? 'MIXX_ADMIN_PASSWORD' : 'MIXX_ADMIN_EMAIL';
    throw new ConfigError(missing, 'must be set together with the other MIXX_ADMIN_ variable');
  }
  const stripe = stripeConfig(v);
  if (v.MIXX_PREMIUM_DOWNLOADS_PER_DAY !== undefined && v.MIXX_PREMIUM_DOWNLOADS_PER_DAY < v.MIXX_FREE_DOWNLOADS_PER_DAY) {
    throw new ConfigError('MIXX_PREMIUM_DOWNLOADS_PER_DAY', 'must not be below MIXX_FREE_DOWNLOADS_PER_DAY');
  }
  const publicUrl = (v.PUBLIC_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: v.PORT,
    env: v.MIXX_ENV,
    isProduction,
    databaseUrl: v.DATABASE_URL,
    embeddedPgPort: v.MIXX_PG_PORT,
    dataDir,
    publicUrl,
    secret: v.MIXX_SECRET ?? developmentSecret(dataDir),
    trustProxy: v.MIXX_TRUST_PROXY,
    smtpUrl: v.SMTP_URL,
    mailFrom: v.MAIL_FROM,
    redisUrl: v.REDIS_URL,
    redisPrefix: v.MIXX_REDIS_PREFIX,
    adminEmail: v.MIXX_ADMIN_EMAIL,
    adminPassword: v.MIXX_ADMIN_PASSWORD,
    freeDownloadsPerDay: v.MIXX_FREE_DOWNLOADS_PER_DAY,
    demoCatalog: v.MIXX_DEMO_CATALOG,
    nextDev: v.MIXX_NEXT_DEV,
    graphiql: v.MIXX_GRAPHIQL ?? !isProduction,
    logLevel: v.LOG_LEVEL,
    ledgerKeyVersion: v.MIXX_LEDGER_KEY_VERSION,
    ledgerCheckpointSeconds: v.MIXX_LEDGER_CHECKPOINT_SECONDS,
    stripe,
    premiumDownloadsPerDay: v.MIXX_PREMIUM_DOWNLOADS_PER_DAY ?? null,
    costBudget: Object.freeze({ maximumAvailable: v.MIXX_COST_BUDGET, restoreRate: v.MIXX_COST_RESTORE_RATE }),
    compileAfterRuns: v.MIXX_COMPILE_AFTER_RUNS,
  });
}

/**
 * Billing is on with the three of key, webhook secret and price, and off with none of them; one
 * or two alone stop start-up (half a configuration would take payments it cannot hear about).
 */
function stripeConfig(v: Parsed): StripeConfig | undefined {
  const parts = {
    STRIPE_SECRET_KEY: v.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: v.STRIPE_WEBHOOK_SECRET,
    STRIPE_PRICE_PREMIUM: v.STRIPE_PRICE_PREMIUM,
  };
  const missing = Object.entries(parts).filter(([, value]) => !value);
  if (missing.length === 3) {
    if (v.STRIPE_API_URL) throw new ConfigError('STRIPE_SECRET_KEY', 'must be set when STRIPE_API_URL is');
    return undefined;
  }
  if (missing.length)
    throw new ConfigError(missing[0]?.[0] ?? 'STRIPE_SECRET_KEY', 'must be set together with the other STRIPE_ variables');
  const api = v.STRIPE_API_URL ? new URL(v.STRIPE_API_URL) : undefined;
  const protocol = api?.protocol === 'http:' ? 'http' : 'https';
  return Object.freeze({
    secretKey: v.STRIPE_SECRET_KEY as string,
    webhookSecret: v.STRIPE_WEBHOOK_SECRET as string,
    pricePremium: v.STRIPE_PRICE_PREMIUM as string,
    api:
      api &&
      Object.freeze({
        host: api.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: Number(api.port || (protocol === 'http' ? 80 : 443)),
        protocol,
      }),
  });
}

/** What the CMS is started with (src/cms/init-cms.ts). */
export type CmsHandOver = {
  /** PostgreSQL connection string; Payload uses schema `cms` in it. */
  databaseUrl: string;
  /** Payload's secret (signs staff JWTs). The server derives it from MIXX_SECRET. */
  secret: string;
  /** The server's configuration for links, mail, cookies and logs; commands that serve nothing may omit it. */
  site?: Pick<Config, 'publicUrl' | 'smtpUrl' | 'mailFrom' | 'dataDir' | 'isProduction' | 'logLevel'>;
};

/**
 * Hands the CMS its settings through the environment, because its config is also compiled by Next
 * and read there: src/cms/payload.config.ts reads these PAYLOAD_* names and nothing else. Next
 * itself is told to send no telemetry.
 */
export function handOverToCms({ databaseUrl, secret, site }: CmsHandOver): void {
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  set('NEXT_TELEMETRY_DISABLED', '1');
  set('PAYLOAD_DATABASE_URL', databaseUrl);
  set('PAYLOAD_SECRET', secret);
  set('PAYLOAD_PUBLIC_URL', site?.publicUrl);
  set('PAYLOAD_SMTP_URL', site?.smtpUrl);
  set('PAYLOAD_MAIL_FROM', site?.mailFrom);
  set('PAYLOAD_DATA_DIR', site?.dataDir);
  set('PAYLOAD_SECURE_COOKIES', site ? String(site.isProduction) : undefined);
  set('PAYLOAD_LOG_LEVEL', site?.logLevel);
}
