import type { Node } from '../../schema/common/node.interface.ts';
import { type NodeTypeName, serialKey } from '../../services/common/global-id.ts';
import type { Context } from '../context.ts';

type NodeLoader = (key: string, ctx: Context) => Promise<Node | null>;

/** `node(id)` for the catalog's types: public, so anyone may resolve them. */
export const catalogNodeLoaders: Partial<Record<NodeTypeName, NodeLoader>> = {
  Genre: async (key, ctx) => {
    const k = serialKey(key);
    return k == null ? null : ctx.loaders.genre.get(k);
  },
  Artist: async (key, ctx) => {
    const k = serialKey(key);
    return k == null ? null : ctx.loaders.artist.get(k);
  },
  Release: async (key, ctx) => {
    const k = serialKey(key);
    return k == null ? null : ctx.loaders.release.get(k);
  },
  Track: async (key, ctx) => {
    const k = serialKey(key);
    return k == null ? null : ctx.loaders.track.get(k);
  },
};
