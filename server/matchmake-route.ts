import type { IncomingMessage, ServerResponse } from 'node:http';
import { matchMaker } from '@colyseus/core';
import { WORLD_ROOM } from '../shared/defaults.ts';
import { ZONE_ROOM } from '../shared/zones.ts';
import { HttpError, type IpLimit, IpLimiter, readJson, sendJson } from './http-kit.ts';

/**
 * Colyseus' matchmaking over HTTP (`POST /matchmake/<method>/<room name or id>`), narrowed to what
 * the game’s client does: join-or-create the world room or a zone room, join a room by id, and reconnect. Room
 * creation is refused (a created world room never disposes and holds a large encoder buffer);
 * bodies are capped before they are read; seat reservations are limited per IP.
 */

export const MATCHMAKE_PREFIX = '/matchmake/';

/** Largest join-options body, in bytes: a sign-in message and signature, a name and a spawn point. */
const MATCHMAKE_BODY_LIMIT = 4 * 1024;

/** The matchmaking methods served, each with the room names it takes (null: a room id). */
const METHODS: Record<string, readonly string[] | null> = {
  joinOrCreate: [WORLD_ROOM, ZONE_ROOM],
  joinById: null,
  reconnect: null,
};

/** Room ids and names: Colyseus' own alphabet (nanoid), bounded. */
const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function createMatchmakeHandler(
  seats: IpLimit,
): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> {
  const limiter = new IpLimiter(seats, 'seat reservations');
  return async (req, res, path) => {
    if (req.method !== 'POST') throw new HttpError(405, 'matchmaking takes POST');
    const [method = '', room = '', ...rest] = path.slice(MATCHMAKE_PREFIX.length).split('/');
    if (!(method in METHODS) || rest.length > 0 || !ROOM_ID.test(room)) {
      throw new HttpError(403, `only ${Object.keys(METHODS).join(', ')} are served here`);
    }
    const names = METHODS[method];
    if (names && !names.includes(room)) throw new HttpError(404, `no room type ${room.slice(0, 64)}`);
    const options = await readJson(req, MATCHMAKE_BODY_LIMIT);
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new HttpError(400, 'join options are a JSON object');
    }
    limiter.take(req);
    try {
      const reservation = await matchMaker.controller.invokeMethod(method, room, options, {
        token: undefined,
        headers: req.headers,
        ip: req.socket.remoteAddress ?? '',
        req,
      });
      return sendJson(res, 200, reservation);
    } catch (error) {
      // colyseus.js reads a refusal from a 200 body with its code, as Colyseus' own route sends it
      const { code, message } = error as { code?: number; message: string };
      return sendJson(res, 200, { code, error: message });
    }
  };
}
