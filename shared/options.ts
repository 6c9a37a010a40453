/**
 * `defaults` overlaid with the fields of `options` that are set. A plain `{ ...defaults, ...options }`
 * lets an explicit `undefined` (a caller forwarding an optional setting it did not get) replace the
 * default: the indexer's `pollMs: undefined` made its poll loop wait 0 ms and ask the chain ~900
 * times a second.
 */
export function withDefaults<D extends object, O extends object>(
  defaults: D,
  options: O,
): Omit<O, keyof D> & D {
  const set = Object.entries(options).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(set) } as Omit<O, keyof D> & D;
}
