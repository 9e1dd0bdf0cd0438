import {
  defaultFieldResolver,
  type GraphQLFieldResolver,
  GraphQLObjectType,
  type GraphQLSchema,
  type ResponsePath,
} from 'graphql';
import { DISCLOSED_FIELDS } from '../../services/partners/disclosure-rules.ts';
import type { Context } from '../context.ts';

/**
 * The fields of a partner's request that may carry a member's personal data, as they resolve: a
 * coordinate and the response path of each. Only the ones whose value reaches the response non-null
 * count (a field under a `me` that an error nulled was never sent).
 */
export class DisclosureTrail {
  private readonly seen: { coordinate: string; path: ResponsePath }[] = [];

  note(coordinate: string, path: ResponsePath): void {
    this.seen.push({ coordinate, path });
  }

  /** The coordinates whose values are in the response's data, non-null. */
  returned(data: Record<string, unknown> | null | undefined): Set<string> {
    const fields = new Set<string>();
    if (!data) return fields;
    for (const { coordinate, path } of this.seen) {
      if (!fields.has(coordinate) && valueAt(data, path) != null) fields.add(coordinate);
    }
    return fields;
  }
}

function valueAt(data: Record<string, unknown>, path: ResponsePath): unknown {
  const keys: (string | number)[] = [];
  for (let p: ResponsePath | undefined = path; p; p = p.prev) keys.push(p.key);
  let value: unknown = data;
  for (let i = keys.length - 1; i >= 0; i--) {
    if (value == null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[keys[i] as string | number];
  }
  return value;
}

/**
 * Wraps the resolvers of the disclosed fields (disclosure-rules.ts) so that a partner's request
 * notes each one it resolves. Other types are left alone, and members' requests pay one check.
 */
export function traceDisclosedFields(schema: GraphQLSchema): GraphQLSchema {
  for (const [typeName, names] of Object.entries(DISCLOSED_FIELDS)) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) throw new Error(`disclosure rules name ${typeName}, which is no object type`);
    for (const field of Object.values(type.getFields())) {
      if (names !== 'all' && !names.includes(field.name)) continue;
      const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
      const coordinate = `${typeName}.${field.name}`;
      field.resolve = (source, args, context: Context, info) => {
        context.disclosed?.note(coordinate, info.path);
        return resolve(source, args, context, info);
      };
    }
    if (names !== 'all') {
      const missing = names.filter((n) => !(n in type.getFields()));
      if (missing.length) throw new Error(`disclosure rules name unknown fields of ${typeName}: ${missing.join(', ')}`);
    }
  }
  return schema;
}
