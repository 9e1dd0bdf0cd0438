import type { Node } from '../../schema/common/node.interface.ts';
import type { NodeTypeName } from '../../services/common/global-id.ts';
import type { Context } from '../context.ts';
import { catalogLoaders } from './catalog.loaders.ts';

const KEY = /^[1-9][0-9]{0,9}$/;
const asKey = (key: string): number | null => (KEY.test(key) && Number(key) <= 2_147_483_647 ? Number(key) : null);

type NodeLoader = (key: string, ctx: Context) => Promise<Node | null>;

/** `node(id)` for the catalog's types: public, so anyone may resolve them. */
export const catalogNodeLoaders: Partial<Record<NodeTypeName, NodeLoader>> = {
  Genre: async (key, ctx) => {
    const k = asKey(key);
    return k == null ? null : catalogLoaders(ctx).genre.load(k);
  },
  Artist: async (key, ctx) => {
    const k = asKey(key);
    return k == null ? null : catalogLoaders(ctx).artist.load(k);
  },
  Release: async (key, ctx) => {
    const k = asKey(key);
    return k == null ? null : catalogLoaders(ctx).release.load(k);
  },
  Track: async (key, ctx) => {
    const k = asKey(key);
    return k == null ? null : catalogLoaders(ctx).track.load(k);
  },
};
