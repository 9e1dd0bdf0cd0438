import { registerEnumType } from 'type-graphql';

export enum Plan {
  FREE = 'free',
  PREMIUM = 'premium',
}

registerEnumType(Plan, { name: 'Plan' });
