import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * Minimal JSON-RPC over HTTP with a timeout; errors carry the node's message. Over node:http with
 * kept-alive sockets rather than fetch: the indexer asks the chain five times a second forever,
 * and a fetch costs several times the CPU of a plain request (it was most of an idle server's).
 */

/** How long one chain request may take, in milliseconds. */
const RPC_TIMEOUT_MS = 5_000;

export class RpcError extends Error {}

let nextId = 1;
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/**
 * POSTs `body` to `url`; resolves with the HTTP status and the response text. A kept-alive socket
 * the node closed just as it was reused fails with ECONNRESET before any answer: sent once more.
 */
function post(url: URL, body: string, retry = true): Promise<{ status: number; text: string }> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (retry && request.reusedSocket && error.code === 'ECONNRESET') resolve(post(url, body, false));
      else reject(error);
    });
    request.end(body);
  });
}

export async function rpcCall<T>(rpcUrl: string, method: string, params: unknown[]): Promise<T> {
  let answer: { status: number; text: string };
  try {
    answer = await post(new URL(rpcUrl), JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }));
  } catch (error) {
    throw new RpcError(`chain unreachable at ${rpcUrl}: ${(error as Error).message}`);
  }
  let body: { result?: T; error?: { message?: string } } | null;
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    body = null;
  }
  if (body === null) throw new RpcError(`chain answered ${method} with HTTP ${answer.status} and no JSON`);
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
