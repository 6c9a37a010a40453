/**
 * The page's sign-in session with the game server: the server keeps it behind an HttpOnly cookie
 * (a day long, bound to one address), so a wallet signs in once per session, not once per page
 * load. The page only asks who the cookie signs in, opens one with a signed message, or ends it.
 */

async function answer<T>(response: Promise<Response>, what: string): Promise<T> {
  let reply: Response;
  try {
    reply = await response;
  } catch {
    throw new Error(`the game server does not answer (${what})`);
  }
  const body = (await reply.json().catch(() => ({}))) as T & { error?: string };
  if (!reply.ok) throw new Error(`${what}: ${body.error ?? `HTTP ${reply.status}`}`);
  return body;
}

/** The address the session cookie signs in, or null. */
export async function sessionAddress(page: URL): Promise<string | null> {
  const body = await answer<{ address: string | null }>(
    fetch(new URL('/auth/session', page)),
    'reading the session',
  );
  return body.address;
}

/** A single-use sign-in nonce. */
export async function sessionNonce(page: URL): Promise<string> {
  return (await answer<{ nonce: string }>(fetch(new URL('/auth/nonce', page)), 'getting a nonce')).nonce;
}

/** Opens a session for the signer of `siwe` (an EIP-4361 message and its signature). */
export async function openSession(page: URL, siwe: { message: string; signature: string }): Promise<void> {
  await answer(
    fetch(new URL('/auth/session', page), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(siwe),
    }),
    'the server refused the sign-in',
  );
}

/** Ends the session (another wallet or account signs in next, or none). */
export async function endSession(page: URL): Promise<void> {
  await answer(fetch(new URL('/auth/session', page), { method: 'DELETE' }), 'signing out');
}
