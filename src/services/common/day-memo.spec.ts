import { describe, expect, it } from 'vitest';
import { DayMemo, utcDayOf } from './day-memo.ts';

describe('DayMemo', () => {
  it('keeps a value for its day only, and never past its limit', () => {
    const memo = new DayMemo<string>(2);
    expect(memo.get('2026-12-01', 'a')).toBeUndefined();
    memo.set('2026-12-01', 'a', 'A');
    expect(memo.get('2026-12-01', 'a')).toBe('A');
    // A new day drops every value of the last one, and a value of another day is not kept.
    expect(memo.get('2026-12-02', 'a')).toBeUndefined();
    memo.set('2026-12-01', 'a', 'stale');
    expect(memo.get('2026-12-02', 'a')).toBeUndefined();
    memo.set('2026-12-02', 'a', 'A');
    memo.set('2026-12-02', 'b', 'B');
    memo.set('2026-12-02', 'c', 'C');
    expect([memo.get('2026-12-02', 'a'), memo.get('2026-12-02', 'b'), memo.get('2026-12-02', 'c')]).toEqual([
      undefined,
      undefined,
      'C',
    ]);
    memo.clear();
    expect(memo.get('2026-12-02', 'c')).toBeUndefined();
  });

  it('names the UTC day', () => {
    expect(utcDayOf(new Date('2026-12-01T23:59:59.999-01:00'))).toBe('2026-12-02');
  });
});
