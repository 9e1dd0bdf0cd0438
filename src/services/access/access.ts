import type { EntityManager } from '@mikro-orm/postgresql';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../errors/errors.ts';
import type { Actor, ForMemberActor } from './actor.ts';
import { ownedIds } from './ownership.queries.ts';
import { type OwnedKind, PERMISSIONS, type Permission } from './permissions.ts';

/**
 * The one door into the domain (Immich's `utils/access.ts`): every service method that reads or
 * changes something not public starts here. It decides, and nothing else does:
 * - "must be signed in": UNAUTHENTICATED for a visitor;
 * - "this kind of actor may never": FORBIDDEN (for a partner app, with the OAuth scope that would
 *   allow it as `requiredScope`, where one would);
 * - "not yours": NOT_FOUND, the same answer as for an id that does not exist.
 * It answers the actor that acts for the member, narrowed, so callers need no second check.
 */
export async function requireAccess(opts: {
  actor: Actor;
  em: EntityManager;
  permission: Permission;
  owned?: { kind: OwnedKind; ids: readonly string[] };
}): Promise<ForMemberActor> {
  const actor = checkPermission(opts.actor, opts.permission);
  if (opts.owned) {
    const allowed = await ownedIds(opts.em, actor.member, opts.owned.kind, opts.owned.ids);
    if (opts.owned.ids.some((id) => !allowed.has(id))) throw new NotFoundError();
  }
  return actor;
}

/**
 * For lookups that answer null rather than an error (`node(id)`): the actor acting for a member
 * when it holds the permission and owns every id, else null. Never tells "not yours" from "none".
 */
export async function accessOrNull(opts: Parameters<typeof requireAccess>[0]): Promise<ForMemberActor | null> {
  try {
    return await requireAccess(opts);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof UnauthenticatedError || error instanceof ForbiddenError) return null;
    throw error;
  }
}

/**
 * What the schema's `@Authorized` checks ask: the permission alone, without ownership. A
 * permission open to visitors lets visitors and members through, and no one else.
 */
export function checkAllowed(actor: Actor, permission: Permission): void {
  const rule: { partnerScope: string | null; visitors?: true } = PERMISSIONS[permission];
  if (rule.visitors && actor.kind === 'visitor') return;
  checkPermission(actor, permission);
}

/** The permission alone, without ownership, for an actor that acts for a member. */
export function checkPermission(actor: Actor, permission: Permission): ForMemberActor {
  switch (actor.kind) {
    case 'member':
      return actor;
    case 'partner': {
      const scope = PERMISSIONS[permission].partnerScope;
      if (scope === null) throw new ForbiddenError('Partner apps may not do this.');
      if (!actor.scopes.has(scope)) throw new ForbiddenError(`This needs the ${scope} scope.`, scope);
      return actor;
    }
    case 'visitor':
      throw new UnauthenticatedError();
    case 'staff':
    case 'system':
      throw new ForbiddenError('Only a member may do this.');
  }
}
