import { registerEnumType } from 'type-graphql';

export enum PolicyKind {
  TERMS = 'terms',
  PRIVACY = 'privacy',
}

registerEnumType(PolicyKind, { name: 'PolicyKind' });
