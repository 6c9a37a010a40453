/**
 * Sign-In with Ethereum (EIP-4361) messages: built by the client, signed with `personal_sign`,
 * parsed and checked by the server. One format for both sides: the standard's whole ABNF
 * (optional scheme, statement, expiry, not-before, request id and resources), so the parser
 * reads any conforming message and what the game requires on top is the server's check.
 */

/** The fields of an EIP-4361 message; an optional field is absent when the message has no such line. */
export interface SiweMessage {
  /** The URI scheme of the requesting origin (`https`), when the message names one before the domain. */
  scheme?: string;
  /** Authority (host and port) of the site the player signs in to, e.g. `play.example:2567`. */
  domain: string;
  /** The signer's address, EIP-55 checksummed. */
  address: string;
  statement?: string;
  /** The URI the sign-in is for (the page's origin for the game). */
  uri: string;
  chainId: number;
  /** 8+ alphanumeric characters (the game's come from `GET /auth/nonce`). */
  nonce: string;
  /** RFC 3339 timestamps. */
  issuedAt: string;
  expirationTime?: string;
  notBefore?: string;
  requestId?: string;
  resources?: string[];
}

/** The statement the game asks players to sign. */
export const SIWE_STATEMENT = 'Sign in to Fracterra.';
/** How long a signed message stays valid, in seconds. */
export const SIWE_VALIDITY_SECONDS = 300;

const PREAMBLE = ' wants you to sign in with your Ethereum account:';

/** The lines after the nonce, in the order the ABNF gives them (each optional). */
const OPTIONAL_LINES = [
  ['expirationTime', 'Expiration Time: '],
  ['notBefore', 'Not Before: '],
  ['requestId', 'Request ID: '],
] as const;

/** The EIP-4361 text of `message`, exactly as it is signed. */
export function buildSiweMessage(message: SiweMessage): string {
  const scheme = message.scheme === undefined ? '' : `${message.scheme}://`;
  const lines = [`${scheme}${message.domain}${PREAMBLE}`, message.address, ''];
  if (message.statement !== undefined) lines.push(message.statement);
  lines.push(
    '',
    `URI: ${message.uri}`,
    'Version: 1',
    `Chain ID: ${message.chainId}`,
    `Nonce: ${message.nonce}`,
    `Issued At: ${message.issuedAt}`,
  );
  for (const [field, tag] of OPTIONAL_LINES) {
    const value = message[field];
    if (value !== undefined) lines.push(`${tag}${value}`);
  }
  if (message.resources !== undefined) {
    lines.push('Resources:', ...message.resources.map((resource) => `- ${resource}`));
  }
  return lines.join('\n');
}

// The ABNF's terms, as anchored patterns. RFC 3986 scheme; authority without a path.
const FIRST_LINE =
  /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^\s/?#]+) wants you to sign in with your Ethereum account:$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
/** RFC 3986 reserved and unreserved characters and the space: ASCII, no line break. */
const STATEMENT = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;= ]*$/;
/** An RFC 3986 URI: a scheme, then no whitespace (URL.canParse checks the rest). */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/;
/** Digits only, no leading zero, small enough to stay exact as a JavaScript number. */
const CHAIN_ID = /^[1-9][0-9]{0,15}$/;
const NONCE = /^[A-Za-z0-9]{8,}$/;
/** RFC 3339 date-time; isDateTime checks the calendar (Date.parse takes 30 February as 2 March). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/** RFC 3986 pchar: unreserved, percent-encoded, sub-delims, ':' and '@'. */
const REQUEST_ID = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*$/;

const isUri = (text: string) => URI.test(text) && URL.canParse(text);
function isDateTime(text: string): boolean {
  const [, year, month, day] = (DATE_TIME.exec(text) ?? []).map(Number);
  if (year === undefined || month === undefined || day === undefined || Number.isNaN(Date.parse(text)))
    return false;
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}
const OPTIONAL_CHECKS = {
  expirationTime: isDateTime,
  notBefore: isDateTime,
  requestId: (text: string) => REQUEST_ID.test(text),
};

/** Parses an EIP-4361 message (any layout its ABNF allows); null when it is not one. */
export function parseSiweMessage(text: string): SiweMessage | null {
  const lines = text.split('\n');
  let at = 0;
  /** The rest of the next line after `tag`, moving past it; null when the next line is not tagged so. */
  const tagged = (tag: string): string | null => {
    const line = lines[at];
    if (line === undefined || !line.startsWith(tag)) return null;
    at++;
    return line.slice(tag.length);
  };

  const first = FIRST_LINE.exec(lines[at++] ?? '');
  const address = lines[at++] ?? '';
  if (!first?.[2] || !ADDRESS.test(address) || lines[at++] !== '') return null;
  const message: SiweMessage = { domain: first[2], address, uri: '', chainId: 0, nonce: '', issuedAt: '' };
  if (first[1] !== undefined) message.scheme = first[1];
  // `[ statement LF ] LF`: a statement (maybe empty) is a line before one more empty line
  if (lines[at] !== '' || lines[at + 1] === '') {
    const statement = lines[at++] ?? '';
    if (!STATEMENT.test(statement)) return null;
    message.statement = statement;
  }
  if (lines[at++] !== '') return null;

  const uri = tagged('URI: ');
  const version = tagged('Version: ');
  const chainId = tagged('Chain ID: ');
  const nonce = tagged('Nonce: ');
  const issuedAt = tagged('Issued At: ');
  if (uri === null || !isUri(uri) || version !== '1') return null;
  if (chainId === null || !CHAIN_ID.test(chainId) || nonce === null || !NONCE.test(nonce)) return null;
  if (issuedAt === null || !isDateTime(issuedAt)) return null;
  Object.assign(message, { uri, chainId: Number(chainId), nonce, issuedAt });

  for (const [field, tag] of OPTIONAL_LINES) {
    const value = tagged(tag);
    if (value === null) continue;
    if (!OPTIONAL_CHECKS[field](value)) return null;
    message[field] = value;
  }
  if (tagged('Resources:') === '') {
    const resources: string[] = [];
    for (let resource = tagged('- '); resource !== null; resource = tagged('- ')) {
      if (!isUri(resource)) return null;
      resources.push(resource);
    }
    message.resources = resources;
  }
  return at === lines.length ? message : null;
}
