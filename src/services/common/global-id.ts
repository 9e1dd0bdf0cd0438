import { BadUserInputError } from '../../errors/errors.ts';

/** The types that have global ids. The id is opaque to clients: base64url of `Type:key`. */
export type NodeTypeName =
  | 'PolicyVersion'
  | 'PolicyAcceptance'
  | 'Member'
  | 'Session'
  | 'ConsentEvent'
  | 'Genre'
  | 'Artist'
  | 'Release'
  | 'Track'
  | 'Download'
  | 'Partner'
  | 'PartnerGrant'
  | 'Disclosure'
  | 'Invoice';

const TYPES = new Set<string>([
  'PolicyVersion',
  'PolicyAcceptance',
  'Member',
  'Session',
  'ConsentEvent',
  'Genre',
  'Artist',
  'Release',
  'Track',
  'Download',
  'Partner',
  'PartnerGrant',
  'Disclosure',
  'Invoice',
]);

export function toGlobalId(type: NodeTypeName, key: string | number): string {
  return Buffer.from(`${type}:${key}`).toString('base64url');
}

/** Any Mixx id: its type and key. Something that is not a Mixx id at all is BAD_USER_INPUT. */
export function parseGlobalId(id: string, field: string): { type: NodeTypeName; key: string } {
  const decoded = /^[A-Za-z0-9_-]{1,200}$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const type = decoded.slice(0, colon);
  const key = decoded.slice(colon + 1);
  if (colon < 1 || !TYPES.has(type) || !key || toGlobalId(type as NodeTypeName, key) !== id) {
    throw new BadUserInputError('Not a valid id.', field);
  }
  return { type: type as NodeTypeName, key };
}

/** A Mixx id of the expected type, or null when it is a Mixx id of another type (which can never match). */
export function keyOf(id: string, type: NodeTypeName, field: string): string | null {
  const parsed = parseGlobalId(id, field);
  return parsed.type === type ? parsed.key : null;
}

const SERIAL = /^[1-9][0-9]{0,9}$/;

/** The integer of a serial key part (PostgreSQL `int`), or null when no row can have it. */
export function serialKey(key: string): number | null {
  if (!SERIAL.test(key)) return null;
  const n = Number(key);
  return n <= 2_147_483_647 ? n : null;
}

/**
 * The serial key of an id of the expected type: null for a Mixx id of another type or one whose
 * key cannot exist (which can never match); BAD_USER_INPUT for something that is not a Mixx id.
 */
export function serialKeyOf(id: string, type: NodeTypeName, field: string): number | null {
  const key = keyOf(id, type, field);
  return key == null ? null : serialKey(key);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isUuid = (key: string): boolean => UUID.test(key);
