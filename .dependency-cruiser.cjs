/**
 * Which way imports may flow (issue 14). shared/ at the bottom; over it the client's base:
 * client/ui, then the layers of BASE_LAYERS; over those the feature folders; on top the files in
 * client/ itself: store.ts and app.ts gather the features' slices and state, layout.tsx,
 * scene.tsx and main.tsx compose the panels and the 3D world. Test support lives in testing/,
 * apart from the product. `npm test` runs this over client server shared workers scripts
 * testing; there is no baseline of tolerated violations: each rule holds for the whole tree.
 */

/**
 * The client feature folders the others build on, lowest first: the map and scene kits; net (the
 * game server: config, room, session); wallet (accounts, signers, sign-in over net); the chain
 * core (actions over the wallet's signer). A layer imports only the layers below it.
 */
const BASE_LAYERS = [['map', 'scene'], ['net'], ['wallet'], ['chain']];
const BASE_FEATURES = BASE_LAYERS.flat().join('|');
const featureFolders = (names) => `^client/features/(${names.join('|')})/`;
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
      'The base (the chain core, wallet, net, the map and scene kits) never imports a feature built on it.',
      { path: `^client/features/(${BASE_FEATURES})/` },
      { path: '^client/features/', pathNot: `^client/features/(${BASE_FEATURES})/` },
    ),
    ...BASE_LAYERS.slice(0, -1).map((layer, i) =>
      forbid(
        `base-${layer.join('-')}-below-${BASE_LAYERS[i + 1].join('-')}`,
        'A base layer never imports a higher one (BASE_LAYERS).',
        { path: featureFolders(layer) },
        { path: featureFolders(BASE_LAYERS.slice(i + 1).flat()) },
      ),
    ),
    forbid(
      'ui-kit-imports-no-feature',
      'client/ui (clock and the like) is the bottom of the client: it imports no feature folder.',
      { path: '^client/ui/' },
      { path: '^client/features/' },
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
