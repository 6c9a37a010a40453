/** Minimal JSON-RPC over HTTP with a timeout; errors carry the node's message. */

/** How long one chain request may take, in milliseconds. */
const RPC_TIMEOUT_MS = 5_000;

export class RpcError extends Error {}

let nextId = 1;

export async function rpcCall<T>(rpcUrl: string, method: string, params: unknown[]): Promise<T> {
  let response: Response;
  try {
    response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
      signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
    });
  } catch (error) {
    throw new RpcError(`chain unreachable at ${rpcUrl}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => null)) as {
    result?: T;
    error?: { message?: string };
  } | null;
  if (body === null) throw new RpcError(`chain answered ${method} with HTTP ${response.status} and no JSON`);
  if (body.error) throw new RpcError(`${method} failed: ${body.error.message ?? 'unknown error'}`);
  return body.result as T;
}

/** Hex quantity (`0x1a`) as a number. */
export function quantity(hex: string): number {
  return Number.parseInt(hex, 16);
}

export function toQuantity(n: number): string {
  return `0x${n.toString(16)}`;
}
