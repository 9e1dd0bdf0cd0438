import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261129100000_policy_versions } from './Migration20261129100000_policy_versions.ts';
import { Migration20261129110000_members } from './Migration20261129110000_members.ts';
import { Migration20261129120000_catalog } from './Migration20261129120000_catalog.ts';
import { Migration20261129130000_consent } from './Migration20261129130000_consent.ts';
import { Migration20261129140000_downloads } from './Migration20261129140000_downloads.ts';
import { Migration20261201100000_devices } from './Migration20261201100000_devices.ts';
import { Migration20261201110000_ledger } from './Migration20261201110000_ledger.ts';
import { Migration20261201120000_catalog_identity } from './Migration20261201120000_catalog_identity.ts';
import { Migration20261201130000_catalog_cjk_search } from './Migration20261201130000_catalog_cjk_search.ts';
import { Migration20261201140000_partners } from './Migration20261201140000_partners.ts';
import { Migration20261201150000_billing } from './Migration20261201150000_billing.ts';
import { Migration20261202100000_disclosures } from './Migration20261202100000_disclosures.ts';
import { Migration20261202110000_partner_documents } from './Migration20261202110000_partner_documents.ts';
import { Migration20261202120000_ledger_builder } from './Migration20261202120000_ledger_builder.ts';
import { Migration20261202130000_ledger_index_partial } from './Migration20261202130000_ledger_index_partial.ts';

/** Static list: MikroORM's file discovery uses a bare import() that vitest cannot serve. */
export const ormMigrations: MigrationObject[] = [
  { name: 'Migration20261129100000_policy_versions', class: Migration20261129100000_policy_versions },
  { name: 'Migration20261129110000_members', class: Migration20261129110000_members },
  { name: 'Migration20261129120000_catalog', class: Migration20261129120000_catalog },
  { name: 'Migration20261129130000_consent', class: Migration20261129130000_consent },
  { name: 'Migration20261129140000_downloads', class: Migration20261129140000_downloads },
  { name: 'Migration20261201100000_devices', class: Migration20261201100000_devices },
  { name: 'Migration20261201110000_ledger', class: Migration20261201110000_ledger },
  { name: 'Migration20261201120000_catalog_identity', class: Migration20261201120000_catalog_identity },
  { name: 'Migration20261201130000_catalog_cjk_search', class: Migration20261201130000_catalog_cjk_search },
  { name: 'Migration20261201140000_partners', class: Migration20261201140000_partners },
  { name: 'Migration20261201150000_billing', class: Migration20261201150000_billing },
  { name: 'Migration20261202100000_disclosures', class: Migration20261202100000_disclosures },
  { name: 'Migration20261202110000_partner_documents', class: Migration20261202110000_partner_documents },
  { name: 'Migration20261202120000_ledger_builder', class: Migration20261202120000_ledger_builder },
  { name: 'Migration20261202130000_ledger_index_partial', class: Migration20261202130000_ledger_index_partial },
];
