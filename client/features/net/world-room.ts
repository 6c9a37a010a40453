import type { Room } from 'colyseus.js';
import type { ClientMessage, ClientMessageType } from '../../../shared/protocol.ts';
import type { WorldStateView } from '../../../shared/state.ts';

/**
 * The world room and its typed send, without the networking code: what the scene, the panels and
 * the test handle need of a room loads with the first frame, colyseus.js after it (room.ts).
 */

/** The world room, decoded by reflection (the client has no copy of the server's Schema classes). */
export type WorldRoom = Room<WorldStateView>;

export function send<T extends ClientMessageType>(room: WorldRoom, type: T, message: ClientMessage<T>): void {
  room.send(type, message);
}
