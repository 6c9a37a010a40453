/**
 * Sign-In with Ethereum (EIP-4361) messages: built by the client, signed with `personal_sign`,
 * parsed and checked by the server. One format for both sides.
 */

export interface SiweFields {
  /** Host (and port) of the game server the player signs in to, e.g. `play.example:2567`. */
  domain: string;
  /** EIP-55 checksummed address of the signer. */
  address: string;
  statement: string;
  /** Origin URI of the page that asks for the signature. */
  uri: string;
  chainId: number;
  /** Single-use nonce from `GET /auth/nonce`: 8+ alphanumeric characters. */
  nonce: string;
  /** ISO 8601 timestamps. */
  issuedAt: string;
  expirationTime: string;
}

/** The statement the game asks players to sign. */
export const SIWE_STATEMENT = 'Sign in to Fracterra.';
/** How long a signed message stays valid, in seconds. */
export const SIWE_VALIDITY_SECONDS = 300;

/** The EIP-4361 text of `fields`, exactly as it is signed. */
export function buildSiweMessage(fields: SiweFields): string {
  return [
    `${fields.domain} wants you to sign in with your Ethereum account:`,
    fields.address,
    '',
    fields.statement,
    '',
    `URI: ${fields.uri}`,
    'Version: 1',
    `Chain ID: ${fields.chainId}`,
    `Nonce: ${fields.nonce}`,
    `Issued At: ${fields.issuedAt}`,
    `Expiration Time: ${fields.expirationTime}`,
  ].join('\n');
}

const MESSAGE_PATTERN = new RegExp(
  [
    '^(?<domain>[^\\s/]+) wants you to sign in with your Ethereum account:',
    '(?<address>0x[0-9a-fA-F]{40})',
    '',
    '(?<statement>[^\\n]*)',
    '',
    'URI: (?<uri>\\S+)',
    'Version: 1',
    'Chain ID: (?<chainId>[1-9][0-9]{0,15})',
    'Nonce: (?<nonce>[A-Za-z0-9]{8,64})',
    'Issued At: (?<issuedAt>\\S+)',
    'Expiration Time: (?<expirationTime>\\S+)$',
  ].join('\\n'),
);

/** Parses a message in the exact layout `buildSiweMessage` writes; null when it is not one. */
export function parseSiweMessage(text: string): SiweFields | null {
  const groups = MESSAGE_PATTERN.exec(text)?.groups;
  if (!groups) return null;
  const fields: SiweFields = {
    domain: groups.domain ?? '',
    address: groups.address ?? '',
    statement: groups.statement ?? '',
    uri: groups.uri ?? '',
    chainId: Number(groups.chainId),
    nonce: groups.nonce ?? '',
    issuedAt: groups.issuedAt ?? '',
    expirationTime: groups.expirationTime ?? '',
  };
  if (Number.isNaN(Date.parse(fields.issuedAt)) || Number.isNaN(Date.parse(fields.expirationTime)))
    return null;
  return fields;
}
