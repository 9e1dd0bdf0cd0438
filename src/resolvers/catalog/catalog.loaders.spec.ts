import { describe, expect, it } from 'vitest';
import { CachedLoader } from './catalog.loaders.ts';

describe('CachedLoader', () => {
  const loaderOf = () => {
    const batches: number[][] = [];
    const loader = new CachedLoader<number, string>(async (keys) => {
      batches.push([...keys]);
      return keys.map((key) => `loaded ${key}`);
    });
    return { loader, batches };
  };

  it('answers a value that arrived with a join at once, from get and from load, and never batches it', async () => {
    const { loader, batches } = loaderOf();
    loader.set(1, 'joined 1');
    expect(loader.get(1)).toBe('joined 1');
    expect(loader.peek(1)).toBe('joined 1');
    await expect(loader.load(1)).resolves.toBe('joined 1');
    await loader.prime([1, 2, 3]);
    expect(batches).toEqual([[2, 3]]);
    expect(loader.get(2)).toBe('loaded 2');
  });

  it('loads the keys asked for in the same tick as one batch, and keeps them', async () => {
    const { loader, batches } = loaderOf();
    const answers = await Promise.all([loader.get(5), loader.load(6), loader.get(5)]);
    expect(answers).toEqual(['loaded 5', 'loaded 6', 'loaded 5']);
    expect(batches).toEqual([[5, 6]]);
    expect(loader.get(6)).toBe('loaded 6');
  });

  it('keeps the first value of a key: a later join does not replace what was loaded', async () => {
    const { loader } = loaderOf();
    await loader.load(7);
    loader.set(7, 'joined 7');
    expect(loader.get(7)).toBe('loaded 7');
    await expect(loader.load(7)).resolves.toBe('loaded 7');
  });
});
