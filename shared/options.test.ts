import { expect, it } from 'vitest';
import { withDefaults } from './options.ts';

it('keeps a default when the option is undefined, takes any value that is set (0 and false too)', () => {
  const defaults = { pollMs: 200, pageSize: 2_000, live: true };
  expect(withDefaults(defaults, { pollMs: undefined, pageSize: 0, live: false, rpcUrl: 'x' })).toEqual({
    pollMs: 200,
    pageSize: 0,
    live: false,
    rpcUrl: 'x',
  });
  expect(withDefaults(defaults, {})).toEqual(defaults);
});
