import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import { OVERLAY_KINDS, OVERLAY_LABELS, type OverlayKind } from './overlay.ts';

/** The map overlay switch: one store choice, so the market's and the minimap's agree. */
export function OverlaySelect() {
  const app = useApp();
  const overlay = useAppStore(app.store, (state) => state.overlay);
  return (
    <label className="overlay-select">
      Map overlay
      <select
        value={overlay}
        onChange={(event) => app.store.getState().setOverlay(event.currentTarget.value as OverlayKind)}
      >
        {OVERLAY_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {OVERLAY_LABELS[kind]}
          </option>
        ))}
      </select>
    </label>
  );
}
