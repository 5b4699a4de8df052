/**
 * A Map that holds at most `max` entries, evicting the oldest insertion first. For per-process
 * caches of decrypted credentials, where the bound only limits memory, never the answers.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound only limits memory, not the answers
    if (!this.has(key) && this.size >= this.max) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}
