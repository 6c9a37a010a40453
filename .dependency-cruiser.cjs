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

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'A cycle makes two modules one: neither can be read, tested or moved alone. A cycle that a type-only import closes is erased at build and allowed: the store slices name the whole store type (zustand slices pattern).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'product-not-test-support',
      comment: 'Product code never imports test support (testing/) or a test file.',
      severity: 'error',
      from: { path: PRODUCT, pathNot: TEST_FILE },
      to: { path: ['^testing/', TEST_FILE] },
    },
    {
      name: 'shared-imports-nothing-of-ours',
      comment:
        'shared/ is the bottom layer: client, server, workers and scripts build on it, not it on them.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(client|server|scripts|testing|workers)/' },
    },
    {
      name: 'client-not-server',
      comment:
        'The client and the server meet only in shared/ (tests included: a client test starts no server module).',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-not-client',
      comment: 'The client and the server meet only in shared/.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'feature-not-sibling-feature',
      comment:
        'A feature (trade, staking, buyout, mining, portfolio, parcel, chat, feed, minimap, avatars, rigs, camera, and any new one) imports its own folder and the base only; panels meet in client/layout.tsx.',
      severity: 'error',
      from: { path: '^client/features/([^/]+)/', pathNot: `^client/features/(${BASE_FEATURES})/` },
      to: { path: '^client/features/', pathNot: `^client/features/($1|${BASE_FEATURES})/` },
    },
    {
      name: 'base-not-feature',
      comment:
        'The base (chain core, wallet, net, map and scene kits, client/ui) never imports a feature built on it.',
      severity: 'error',
      from: { path: `^client/(features/(${BASE_FEATURES})|ui)/` },
      to: { path: '^client/features/', pathNot: `^client/features/(${BASE_FEATURES})/` },
    },
    {
      name: 'wallet-imports-no-feature',
      comment:
        'The wallet (accounts, signers, the wallet service) is the lowest feature folder: it imports no other.',
      severity: 'error',
      from: { path: '^client/features/wallet/' },
      to: { path: '^client/features/', pathNot: '^client/features/wallet/' },
    },
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
