import { type CollectionBeforeValidateHook, ValidationError } from 'payload';
import {
  checkName,
  checkPageUrl,
  checkRedirectUris,
  checkScopes,
  PartnerInputError,
} from '../../services/partners/partner-rules.ts';

type Data = {
  name?: string;
  redirectUris?: { url?: string }[];
  allowedScopes?: string[];
  homepageUrl?: string;
  privacyPolicyUrl?: string;
};

/** The same rules as `npm run partner:create` (services/partners/partner-rules.ts), on every save. */
export const checkPartnerInput: CollectionBeforeValidateHook = ({ data, originalDoc, req }) => {
  const merged = { ...originalDoc, ...data } as Data;
  try {
    checkName(merged.name);
    checkRedirectUris((merged.redirectUris ?? []).map((row) => row.url ?? ''));
    checkScopes(merged.allowedScopes ?? []);
    checkPageUrl(merged.homepageUrl, 'homepageUrl');
    checkPageUrl(merged.privacyPolicyUrl, 'privacyPolicyUrl');
  } catch (error) {
    if (!(error instanceof PartnerInputError)) throw error;
    throw new ValidationError({ collection: 'partners', errors: [{ path: error.field, message: error.message }] }, req.t);
  }
  return data;
};
