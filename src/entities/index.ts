import { ConsentEvent } from './consent-event.entity.ts';
import { CookiePreferences } from './cookie-preferences.entity.ts';
import { Member } from './member.entity.ts';
import { MemberSession } from './member-session.entity.ts';
import { MemberToken } from './member-token.entity.ts';
import { PolicyAcceptance } from './policy-acceptance.entity.ts';
import { PolicyVersion } from './policy-version.entity.ts';

/** Every entity, listed statically: no file discovery at run time. */
export const entities = [PolicyVersion, Member, MemberSession, MemberToken, ConsentEvent, PolicyAcceptance, CookiePreferences];
