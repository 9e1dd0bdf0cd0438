/**
 * Values computed once per key and UTC day, for at most `limit` keys: the keyed hashes of client
 * addresses, which every request needs and which change only with the day's salt. Held in memory
 * only, beside the salts that could recompute them anyway; the whole memo is dropped when the day
 * turns or the limit is reached, so nothing outlives the day's salt.
 */
export class DayMemo<V> {
  #day = '';
  readonly #values = new Map<string, V>();

  constructor(private readonly limit = 10_000) {}

  get(day: string, key: string): V | undefined {
    if (day !== this.#day) {
      this.#values.clear();
      this.#day = day;
    }
    return this.#values.get(key);
  }

  /** Keeps a value computed under `day`'s salt (a value of another day is not kept). */
  set(day: string, key: string, value: V): void {
    if (day !== this.#day) return;
    if (this.#values.size >= this.limit) this.#values.clear();
    this.#values.set(key, value);
  }

  clear(): void {
    this.#values.clear();
  }
}

/** The UTC day of a moment, `YYYY-MM-DD`. */
export const utcDayOf = (d: Date): string => d.toISOString().slice(0, 10);
