import { z } from 'zod';
import { BadUserInputError } from '../../errors/errors.ts';

const emailSchema = z.string().max(254).email();

/** Trimmed, lower-cased, and a plausible address; else BAD_USER_INPUT on `field`. */
export function normaliseEmail(raw: string, field: string): string {
  const email = raw.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) throw new BadUserInputError('Enter a valid e-mail address.', field);
  return email;
}

/**
 * 1 to 50 characters after trimming and NFC normalisation: letters, marks, digits, spaces and
 * common punctuation; no control or invisible formatting characters, no markup.
 */
export function checkDisplayName(raw: string, field: string): string {
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  const length = [...name].length;
  if (length < 1 || length > 50) throw new BadUserInputError('The display name must have 1 to 50 characters.', field);
  if (!/^[\p{L}\p{M}\p{N} .,'’\-_()&!?]+$/u.test(name)) {
    throw new BadUserInputError("The display name may hold letters, digits, spaces and . , ' - _ ( ) & ! ? only.", field);
  }
  return name;
}
