import { useEffect } from 'react';
import { useApp } from '../../app.ts';
import { playedByTouch } from '../../ui/touch.ts';
import { isTyping } from '../../ui/typing.ts';

/** The map's controls, each told until the player has used it once. */
const HINTS = {
  mouse: [
    { id: 'walk', text: 'W A S D or arrows: walk' },
    { id: 'drag', text: 'Drag: move the map' },
    { id: 'zoom', text: 'Wheel: zoom' },
    { id: 'pick', text: 'Click a parcel: see it' },
  ],
  touch: [
    { id: 'walk', text: 'Arrow pad: walk' },
    { id: 'drag', text: 'Drag: move the map' },
    { id: 'zoom', text: 'Pinch: zoom' },
    { id: 'pick', text: 'Tap a parcel: see it' },
  ],
} as const;

const WALK_CODES = /^(Key[WASD]|Arrow(Up|Down|Left|Right))$/;
/** Pointer travel (px) from the press after which a press on the map is a drag. */
const DRAG_PX = 8;

/**
 * Calls `used(id)` when the player uses a control: a walking key, a drag or a wheel (or pinch) on
 * the map's canvas, a parcel picked.
 */
function useControlUse(used: (id: string) => void): void {
  const app = useApp();
  useEffect(() => {
    const pressed = new Map<number, { x: number; y: number }>();
    const onCanvas = (event: Event) => event.target instanceof HTMLCanvasElement;
    const key = (event: KeyboardEvent) => {
      if (WALK_CODES.test(event.code) && !isTyping(event.target)) used('walk');
    };
    const down = (event: PointerEvent) => {
      if (!onCanvas(event)) return;
      pressed.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pressed.size >= 2) used('zoom'); // a second finger: a pinch
    };
    const move = (event: PointerEvent) => {
      const from = pressed.get(event.pointerId);
      if (from && Math.hypot(event.clientX - from.x, event.clientY - from.y) > DRAG_PX) used('drag');
    };
    const up = (event: PointerEvent) => pressed.delete(event.pointerId);
    const wheel = (event: WheelEvent) => {
      if (onCanvas(event)) used('zoom');
    };
    window.addEventListener('keydown', key);
    window.addEventListener('pointerdown', down);
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
    window.addEventListener('wheel', wheel, { passive: true });
    const unsubscribe = app.store.subscribe((now, before) => {
      if (now.selectedId !== null && now.selectedId !== before.selectedId) used('pick');
    });
    return () => {
      window.removeEventListener('keydown', key);
      window.removeEventListener('pointerdown', down);
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      window.removeEventListener('wheel', wheel);
      unsubscribe();
    };
  }, [app, used]);
}

/** The controls not used yet, one line at the foot of the screen; gone once each was used. */
export function ControlHints({ usedIds, used }: { usedIds: readonly string[]; used(id: string): void }) {
  useControlUse(used);
  const hints = HINTS[playedByTouch() ? 'touch' : 'mouse'].filter((hint) => !usedIds.includes(hint.id));
  if (hints.length === 0) return null;
  return (
    <ul className="control-hints" aria-label="Controls">
      {hints.map((hint) => (
        <li key={hint.id} data-hint={hint.id}>
          {hint.text}
        </li>
      ))}
    </ul>
  );
}
