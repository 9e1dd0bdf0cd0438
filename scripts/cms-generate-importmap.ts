/**
 * Regenerates src/cms/app/(payload)/admin/importMap.js from the Payload config (the admin's map of
 * custom components). Run after adding or moving a component path in the config:
 *   npx tsx scripts/cms-generate-importmap.ts
 */
import { generateImportMap } from 'payload';
import config from '../src/cms/payload.config.ts';

await generateImportMap(await config, { force: true, log: true });
