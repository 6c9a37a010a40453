import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSiweMessage, parseSiweMessage, SIWE_STATEMENT, type SiweMessage } from './siwe.ts';

/**
 * The example messages of EIP-4361 ("Examples": implicit scheme, implicit scheme with an explicit
 * port, explicit scheme), as the standard prints them, and the fields its ABNF gives each.
 */
const SPEC_BODY = [
  '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2',
  '',
  'I accept the ExampleOrg Terms of Service: https://example.com/tos',
  '',
  'URI: https://example.com/login',
  'Version: 1',
  'Chain ID: 1',
  'Nonce: 32891756',
  'Issued At: 2021-09-30T16:25:24Z',
  'Resources:',
  '- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/',
  '- https://example.com/my-web2-claim.json',
];
const SPEC_FIELDS = {
  address: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2',
  statement: 'I accept the ExampleOrg Terms of Service: https://example.com/tos',
  uri: 'https://example.com/login',
  chainId: 1,
  nonce: '32891756',
  issuedAt: '2021-09-30T16:25:24Z',
  resources: [
    'ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/',
    'https://example.com/my-web2-claim.json',
  ],
};
const SPEC_EXAMPLES: Array<[string, SiweMessage]> = [
  ['example.com', { domain: 'example.com', ...SPEC_FIELDS }],
  ['example.com:3388', { domain: 'example.com:3388', ...SPEC_FIELDS }],
  ['https://example.com', { scheme: 'https', domain: 'example.com', ...SPEC_FIELDS }],
].map(([origin, fields]) => [
  [`${origin} wants you to sign in with your Ethereum account:`, ...SPEC_BODY].join('\n'),
  fields as SiweMessage,
]);

/** A message of the game's own (what the client signs). */
const fields: SiweMessage = {
  domain: 'localhost:2567',
  address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  statement: SIWE_STATEMENT,
  uri: 'http://localhost:2567',
  chainId: 31337,
  nonce: 'a1b2c3d4e5f60718',
  issuedAt: '2026-01-01T00:00:00.000Z',
  expirationTime: '2026-01-01T00:05:00.000Z',
};

describe('EIP-4361 messages', () => {
  it.each(SPEC_EXAMPLES)('reads the standard’s example exactly, and writes it back: %s', (text, expected) => {
    expect(parseSiweMessage(text)).toEqual(expected);
    expect(buildSiweMessage(expected)).toBe(text);
  });

  it('reads the optional lines of the ABNF in their order, and a message without a statement', () => {
    const [text] = SPEC_EXAMPLES[0] as [string, SiweMessage];
    const optional = text.replace(
      'Issued At: 2021-09-30T16:25:24Z\n',
      'Issued At: 2021-09-30T16:25:24Z\nExpiration Time: 2021-09-30T16:30:24+02:00\nNot Before: 2021-09-30T16:25:24.5Z\nRequest ID: some-id%20@:1\n',
    );
    expect(parseSiweMessage(optional)).toMatchObject({
      expirationTime: '2021-09-30T16:30:24+02:00',
      notBefore: '2021-09-30T16:25:24.5Z',
      requestId: 'some-id%20@:1',
    });
    const bare = text.replace('I accept the ExampleOrg Terms of Service: https://example.com/tos\n\n', '\n');
    expect(parseSiweMessage(bare)).not.toHaveProperty('statement');
    expect(parseSiweMessage(bare)).toMatchObject({ domain: 'example.com', uri: 'https://example.com/login' });
  });

  it('writes the game’s message in the layout of the standard', () => {
    expect(buildSiweMessage(fields)).toBe(
      [
        'localhost:2567 wants you to sign in with your Ethereum account:',
        '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
        '',
        'Sign in to Fracterra.',
        '',
        'URI: http://localhost:2567',
        'Version: 1',
        'Chain ID: 31337',
        'Nonce: a1b2c3d4e5f60718',
        'Issued At: 2026-01-01T00:00:00.000Z',
        'Expiration Time: 2026-01-01T00:05:00.000Z',
      ].join('\n'),
    );
  });

  it('parses what it builds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.stringMatching(/^[A-Za-z0-9]{8,64}$/),
        fc.domain(),
        fc.option(fc.stringMatching(/^[A-Za-z0-9 .,:;!?'()/-]{0,80}$/), { nil: undefined }),
        (chainId, nonce, domain, statement) => {
          const message = { ...fields, chainId, nonce, domain, statement };
          if (statement === undefined) delete message.statement;
          expect(parseSiweMessage(buildSiweMessage(message))).toEqual(message);
        },
      ),
    );
  });

  it('refuses anything the ABNF does not allow', () => {
    const [spec] = SPEC_EXAMPLES[0] as [string, SiweMessage];
    const text = buildSiweMessage(fields);
    for (const bad of [
      '',
      text.replace('Version: 1', 'Version: 2'),
      text.replace('Nonce: a1b2c3d4e5f60718', 'Nonce: short'),
      text.replace('Nonce: a1b2c3d4e5f60718', 'Nonce: a1b2c3d4-e5f6'),
      text.replace('Issued At: 2026-01-01T00:00:00.000Z', 'Issued At: yesterday'),
      text.replace('Issued At: 2026-01-01T00:00:00.000Z', 'Issued At: 2026-02-30T00:00:00Z'),
      text.replace('Chain ID: 31337', 'Chain ID: 0x7a69'),
      text.replace('URI: http://localhost:2567', 'URI: not a uri'),
      text.replace('0x7099', '0xZZ99'),
      text.replace('Sign in to Fracterra.', 'Sign in to "Fracterra".'), // '"' is not a statement character
      text.replace('Sign in to Fracterra.\n', 'Sign in\nto Fracterra.\n'),
      text.replace(' wants you', ' would like you'),
      `evil.example/path${text.slice('localhost:2567'.length)}`,
      `${text}\nExtra: line`,
      `${text}\n`,
      // optional lines out of their order, resources that are not "- " URIs, a line after them
      text.replace(
        'Expiration Time: 2026-01-01T00:05:00.000Z',
        'Not Before: 2026-01-01T00:00:00Z\nExpiration Time: 2026-01-01T00:05:00.000Z',
      ),
      spec.replace('- https://example.com/my-web2-claim.json', '* https://example.com/my-web2-claim.json'),
      spec.replace('- https://example.com/my-web2-claim.json', '- my web2 claim'),
      `${spec}\nNot Before: 2021-09-30T16:25:24Z`,
    ]) {
      expect(parseSiweMessage(bad), bad).toBeNull();
    }
  });
});
