import type { Config } from '../config.ts';
import type { Orm } from '../database/orm.ts';
import type { Logger } from '../log.ts';
import type { StripePayments } from './billing/stripe-payments.ts';
import type { GenreDirectory } from './catalog/genre-directory.ts';
import type { BackgroundTasks } from './common/background.ts';
import type { Mailer } from './mail/mailer.ts';
import type { DisclosureWriter } from './partners/disclosure-log.ts';
import type { PartnerIds } from './partners/partner-ids.ts';
import type { TrustedDocuments } from './partners/trusted-documents.ts';
import type { CostBudgets } from './security/cost-budget.ts';
import type { Throttle } from './security/throttle.ts';

/** The process-wide dependencies of the services; one instance, made at start-up. */
export type Runtime = {
  config: Config;
  log: Logger;
  orm: Orm;
  mailer: Mailer;
  throttle: Throttle;
  /** GraphQL callers' cost budgets (the contract's *Query cost*). */
  costBudgets: CostBudgets;
  /** The catalog's genres by id (see GenreDirectory: rows that never change once written). */
  genres: GenreDirectory;
  /** Work that runs after the response (see BackgroundTasks); shutdown waits for it. */
  background: BackgroundTasks;
  /** The ids partner apps know members and their objects by (pairwise, per partner). */
  partnerIds: PartnerIds;
  /** Appends what partner apps' answers carried, before each is sent (the disclosure log). */
  disclosureWriter: DisclosureWriter;
  /** The GraphQL documents partner apps registered, by id (trusted documents). */
  trustedDocuments: TrustedDocuments;
  /** The payment provider; absent when billing is off (no STRIPE_SECRET_KEY). */
  payments?: StripePayments;
};
