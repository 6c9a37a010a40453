import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSiweMessage, parseSiweMessage, SIWE_STATEMENT, type SiweFields } from './siwe.ts';

const fields: SiweFields = {
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
  it('has the layout of the standard', () => {
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
        (chainId, nonce, domain) => {
          const message = { ...fields, chainId, nonce, domain };
          expect(parseSiweMessage(buildSiweMessage(message))).toEqual(message);
        },
      ),
    );
  });

  it('refuses anything else', () => {
    const text = buildSiweMessage(fields);
    for (const bad of [
      '',
      text.replace('Version: 1', 'Version: 2'),
      text.replace('Nonce: a1b2c3d4e5f60718', 'Nonce: short'),
      text.replace('Issued At: 2026-01-01T00:00:00.000Z', 'Issued At: yesterday'),
      `${text}\nResources: extra`,
      text.replace('0x7099', '0xZZ99'),
    ]) {
      expect(parseSiweMessage(bad)).toBeNull();
    }
  });
});
