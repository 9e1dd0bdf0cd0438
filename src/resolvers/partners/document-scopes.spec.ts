import { isObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildMixxSchema } from '../build-schema.ts';
import { fieldsBeyondScopes, PARTNER_FIELDS } from './document-scopes.ts';

describe('the fields a partner document may select', () => {
  it('names only fields the schema has, so that a renamed field cannot slip out of the check', async () => {
    const schema = await buildMixxSchema();
    for (const coordinate of Object.keys(PARTNER_FIELDS)) {
      const [type, field] = coordinate.split('.') as [string, string];
      const found = schema.getType(type);
      expect(isObjectType(found) && found.getFields()[field], coordinate).toBeTruthy();
    }
  });

  it('looks through fragments, inline fragments and aliases', async () => {
    const schema = await buildMixxSchema();
    const document = parse(`
      query Sneaky { me { ...Who ... on Member { secret: email } } node(id: "x") { ... on Member { sessions { id } } } }
      fragment Who on Member { displayName downloadQuota { remaining } }`);
    expect(fieldsBeyondScopes(schema, document, new Set(['openid', 'profile']))).toEqual([
      'Member.downloadQuota needs the scope downloads:read, which this partner may not ask for',
      'Member.email needs the scope email, which this partner may not ask for',
      'Member.sessions is never open to partner apps',
    ]);
  });
});
