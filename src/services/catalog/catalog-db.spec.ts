import { describe, expect, it } from 'vitest';
import { intListParser } from './catalog-db.ts';

describe("the catalog's int[] parser", () => {
  const general = (value: string) => ({ general: value });
  const parse = intListParser(general);

  it('reads the lists PostgreSQL writes for int[]', () => {
    expect(parse('{}')).toEqual([]);
    expect(parse('{7}')).toEqual([7]);
    expect(parse('{3,1,20}')).toEqual([3, 1, 20]);
    expect(parse('{-5,0,2147483647,-2147483648}')).toEqual([-5, 0, 2147483647, -2147483648]);
  });

  it('hands anything else to the general parser, unread', () => {
    for (const value of [
      '{NULL,1}',
      '{1,}',
      '{,1}',
      '{1,,2}',
      '{-}',
      '{1-2}',
      '{{1},{2}}',
      '{"1"}',
      '1,2',
      '{12345678901}',
      '{1 ,2}',
    ]) {
      expect(parse(value), value).toEqual({ general: value });
    }
  });
});
