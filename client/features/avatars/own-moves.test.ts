import { describe, expect, it } from 'vitest';
import { MAX_WALK_SPEED } from '../../../shared/protocol.ts';
import { MOVE_ANSWER_MS, OwnMoves, RECONCILE_TOLERANCE } from './own-moves.ts';

const WALK = MAX_WALK_SPEED * 0.7;

/** Walks from (0, 0) along +x at WALK units/s, sending a move every 100 ms; returns the local x at `until` ms. */
function walk(moves: OwnMoves, until: number): number {
  for (let t = 100; t <= until; t += 100) moves.sent((WALK * t) / 1000, 0, t);
  return (WALK * until) / 1000;
}

describe('OwnMoves', () => {
  it('asks for nothing before joining, and keeps a pose that agrees with the room', () => {
    const moves = new OwnMoves();
    expect(moves.correction({ x: 50, z: 0 }, 0)).toBeNull();
    moves.joined({ x: 3, z: 4 });
    expect(moves.correction({ x: 3 + RECONCILE_TOLERANCE * 0.9, z: 4 }, 0)).toBeNull();
    expect(moves.correction({ x: 3 + RECONCILE_TOLERANCE * 1.1, z: 4 }, 0)).toEqual({ x: 3, z: 4 });
  });

  it('lets the local pose run ahead while moves are in flight; the room showing them answers them', () => {
    const moves = new OwnMoves();
    moves.joined({ x: 0, z: 0 });
    const local = walk(moves, 500);
    expect(moves.correction({ x: local, z: 0 }, 520)).toBeNull();
    // The room shows the third move (float32-rounded): the first three are answered, two remain.
    moves.heard({ x: Math.fround((WALK * 300) / 1000), z: 0 });
    expect(moves.awaiting(530)).toBe(true);
    expect(moves.correction({ x: local, z: 0 }, 530)).toBeNull();
    moves.heard({ x: Math.fround(local), z: 0 });
    expect(moves.awaiting(530)).toBe(false);
    expect(moves.correction({ x: local, z: 0 }, 530)).toBeNull();
  });

  it('sends the pose back to the room position once the room refused the moves', () => {
    const moves = new OwnMoves();
    moves.joined({ x: 10, z: -5 });
    moves.sent(60, -5, 1_000); // a jump of 50 units in one move
    expect(moves.correction({ x: 60, z: -5 }, 1_016)).toBeNull(); // the room may yet take it
    moves.refused();
    expect(moves.correction({ x: 60, z: -5 }, 1_030)).toEqual({ x: 10, z: -5 });
  });

  it('stops trusting moves the room never answered', () => {
    const moves = new OwnMoves();
    moves.joined({ x: 0, z: 0 });
    const ahead = walk(moves, 400);
    expect(moves.correction({ x: ahead, z: 0 }, 400 + MOVE_ANSWER_MS)).toBeNull();
    expect(moves.correction({ x: ahead, z: 0 }, 400 + MOVE_ANSWER_MS + 1)).toEqual({ x: 0, z: 0 });
  });

  it('follows the room when it shows a position this client never sent', () => {
    const moves = new OwnMoves();
    moves.joined({ x: 0, z: 0 });
    moves.heard({ x: 20, z: 20 });
    expect(moves.correction({ x: 0, z: 0 }, 10)).toEqual({ x: 20, z: 20 });
  });

  it('starts over on a rejoin: the seat the room kept is the position', () => {
    const moves = new OwnMoves();
    moves.joined({ x: 0, z: 0 });
    walk(moves, 300);
    moves.joined({ x: 1.5, z: 0 });
    expect(moves.awaiting(310)).toBe(false);
    expect(moves.server).toEqual({ x: 1.5, z: 0 });
    expect(moves.correction({ x: 1.5, z: 0 }, 310)).toBeNull();
  });
});
