/**
 * Which way imports may flow (issue 14). shared/ at the bottom; over it the client's base
 * (client/ui and the wallet, net, chain, map and scene folders); over that the feature folders;
 * on top the files in client/ itself: store.ts and app.ts gather the features' slices and state,
 * layout.tsx, scene.tsx and main.tsx compose the panels and the 3D world. Test support lives in
 * testing/, apart from the product. `npm test` runs this over client server shared workers
 * scripts testing; there is no baseline of tolerated violations: each rule holds for the tree.
 */

/** Client feature folders the other features build on: never a leaf feature's import. */
const BASE_FEATURES = 'wallet|net|chain|map|scene';
/** A file that is a test (its support files, which live in testing/, are named apart). */
const TEST_FILE = '\\.test\\.tsx?$';
const PRODUCT = '^(client|server|shared|workers|scripts)/';

/** A forbidden import, an error: a module matching `from` may not import one matching `to`. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

module.exports = {
  forbidden: [
    forbid(
      'no-circular',
      'A cycle makes two modules one: neither can be read, tested or moved alone. A cycle that a type-only import closes is erased at build and allowed: the store slices name the whole store type (zustand slices pattern).',
      {},
      { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    ),
    forbid(
      'product-not-test-support',
      'Product code never imports test support (testing/) or a test file.',
      { path: PRODUCT, pathNot: TEST_FILE },
      { path: ['^testing/', TEST_FILE] },
    ),
    forbid(
      'shared-imports-nothing-of-ours',
      'shared/ is the bottom layer: client, server, workers and scripts build on it, not it on them.',
      { path: '^shared/' },
      { path: '^(client|server|scripts|testing|workers)/' },
    ),
    forbid(
      'client-and-server-apart',
      'The client and the server meet only in shared/ (tests included: a client test starts no server module).',
      { path: '^(client|server)/' },
      { path: '^(client|server)/', pathNot: '^$1/' },
    ),
    forbid(
      'feature-not-sibling-feature',
      'A feature (trade, staking, buyout, mining, portfolio, parcel, chat, feed, minimap, avatars, rigs, camera, and any new one) imports its own folder and the base only; panels meet in client/layout.tsx.',
      { path: '^client/features/([^/]+)/', pathNot: `^client/features/(${BASE_FEATURES})/` },
      { path: '^client/features/', pathNot: `^client/features/($1|${BASE_FEATURES})/` },
    ),
    forbid(
      'base-not-feature',
      'The base (chain core, wallet, net, map and scene kits, client/ui) never imports a feature built on it.',
      { path: `^client/(features/(${BASE_FEATURES})|ui)/` },
      { path: '^client/features/', pathNot: `^client/features/(${BASE_FEATURES})/` },
    ),
    forbid(
      'wallet-imports-no-feature',
      'The wallet (accounts, signers, the wallet service) is the lowest feature folder: it imports no other.',
      { path: '^client/features/wallet/' },
      { path: '^client/features/', pathNot: '^client/features/wallet/' },
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(client|server|shared|workers|scripts|testing)/',
    // type-only imports count: they tie modules together as much as value imports do
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
