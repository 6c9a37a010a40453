import type { PointerEvent } from 'react';
import { playedByTouch } from '../../ui/touch.ts';
import './walk-pad.css';

/** The pad's arrows and the walking keys they hold down (the camera walks the avatar on those keys). */
const ARROWS = [
  { code: 'ArrowUp', label: 'Walk forward', glyph: '▲', area: 'up' },
  { code: 'ArrowLeft', label: 'Walk left', glyph: '◀', area: 'left' },
  { code: 'ArrowRight', label: 'Walk right', glyph: '▶', area: 'right' },
  { code: 'ArrowDown', label: 'Walk back', glyph: '▼', area: 'down' },
] as const;

/** Presses or releases a walking key as the keyboard would (the walk follows the window's key events). */
const key = (type: 'keydown' | 'keyup', code: string) =>
  window.dispatchEvent(new KeyboardEvent(type, { code }));

/**
 * On a touch screen, an arrow pad to walk the avatar: an arrow held down is its arrow key held.
 * Nothing on a screen with a mouse (it has keys).
 */
export function WalkPad() {
  if (!playedByTouch()) return null;
  return (
    <div className="walk-pad">
      {ARROWS.map((arrow) => {
        const release = () => key('keyup', arrow.code);
        return (
          <button
            key={arrow.code}
            type="button"
            aria-label={arrow.label}
            style={{ gridArea: arrow.area }}
            onPointerDown={(event: PointerEvent<HTMLButtonElement>) => {
              event.currentTarget.setPointerCapture(event.pointerId);
              key('keydown', arrow.code);
            }}
            onPointerUp={release}
            onPointerCancel={release}
            onLostPointerCapture={release}
            onContextMenu={(event) => event.preventDefault()}
          >
            {arrow.glyph}
          </button>
        );
      })}
    </div>
  );
}
