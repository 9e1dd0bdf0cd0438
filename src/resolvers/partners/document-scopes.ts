import { type DocumentNode, type GraphQLSchema, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { PERMISSIONS, type Permission } from '../../services/access/permissions.ts';

/**
 * What a partner app's document may select of a member's account, and the permission each field
 * needs (the same ones its resolvers ask the access module for at run time). Every other field of
 * a type listed in MEMBER_ONLY_TYPES, and each field of NEVER, needs the member's own session.
 */
export const PARTNER_FIELDS: Readonly<Record<string, Permission>> = {
  'Member.id': 'member.identity',
  'Member.createdAt': 'member.identity',
  'Member.displayName': 'member.profile',
  'Member.plan': 'member.profile',
  'Member.email': 'member.email',
  'Member.emailVerified': 'member.email',
  'Member.downloads': 'downloads.read',
  'Member.downloadQuota': 'downloads.read',
  'Mutation.requestDownload': 'downloads.write',
};
const MEMBER_ONLY_TYPES = new Set(['Member', 'Mutation']);
const NEVER = new Set(['Query.cookiePreferences']);

/**
 * The fields of `document` a partner allowed `scopes` could never be answered, each named with
 * what it would need: checked when a partner registers its trusted documents, so that a document
 * that asks for more than the partner may is refused at registration rather than at a member's request.
 */
export function fieldsBeyondScopes(schema: GraphQLSchema, document: DocumentNode, scopes: ReadonlySet<string>): string[] {
  const problems = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const name = node.name.value;
        if (!parent || name.startsWith('__')) return;
        const coordinate = `${parent.name}.${name}`;
        const permission = PARTNER_FIELDS[coordinate];
        if (!permission) {
          if (MEMBER_ONLY_TYPES.has(parent.name) || NEVER.has(coordinate)) {
            problems.add(`${coordinate} is never open to partner apps`);
          }
          return;
        }
        const scope = PERMISSIONS[permission].partnerScope;
        if (scope === null) problems.add(`${coordinate} is never open to partner apps`);
        else if (!scopes.has(scope)) problems.add(`${coordinate} needs the scope ${scope}, which this partner may not ask for`);
      },
    }),
  );
  return [...problems].sort();
}
