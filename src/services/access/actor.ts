import type { Member } from '../../entities/member.entity.ts';
import type { MemberSession } from '../../entities/member-session.entity.ts';
import type { ClientKey } from '../security/client-keys.ts';

/**
 * Who is acting, decided once per request, route, command or job. Every service method that is
 * not public asks the access module whether this actor may do what it is about to do.
 *
 * - `visitor`: anyone without a session (known by the client's key only; `visitorId` when the
 *   browser sent its anonymous cookie-choice id).
 * - `member`: signed in with a session token.
 * - `partner`: a partner app acting for a member with an OAuth access token, limited to the scopes
 *   the member granted; `sub` is the pairwise id that partner knows the member by.
 * - `staff`: a staff member of the admin (Payload user) with a role.
 * - `system`: the service itself (jobs, webhooks whose signature was checked, operator commands).
 */
export type Actor = VisitorActor | MemberActor | PartnerActor | StaffActor | SystemActor;

export type VisitorActor = { kind: 'visitor'; client: ClientKey; visitorId?: string };
export type MemberActor = { kind: 'member'; client: ClientKey; member: Member; session: MemberSession };
export type PartnerActor = {
  kind: 'partner';
  client: ClientKey;
  member: Member;
  grant: { id: string; clientId: string; partnerId: string };
  scopes: ReadonlySet<string>;
  sub: string;
  /** What the admin set for this partner: only registered documents; its own cost budget (null: the default). */
  settings: { trustedDocumentsOnly: boolean; costBudget: number | null };
};
export type StaffActor = { kind: 'staff'; staff: { id: string; role: 'admin' | 'editor' } };
export type SystemActor = { kind: 'system'; reason: string };

/** Actors that act for one member: the member themself, or a partner app they allowed. */
export type ForMemberActor = MemberActor | PartnerActor;

/** The client key of an actor that came over the network (staff and system have none of their own). */
export function clientOf(actor: Actor): ClientKey | undefined {
  return 'client' in actor ? actor.client : undefined;
}
