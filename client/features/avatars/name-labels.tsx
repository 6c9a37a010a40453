import { useApp } from '../../app.ts';
import { LABEL_COUNT } from './avatars.tsx';

const SLOTS = Array.from({ length: LABEL_COUNT }, (_, i) => i);

/** A fixed pool of name labels over the canvas; the avatars place them every frame (no React renders). */
export function NameLabels() {
  const app = useApp();
  return (
    <div className="labels" aria-hidden="true">
      {SLOTS.map((slot) => (
        <span
          key={slot}
          className="label"
          hidden
          ref={(element) => {
            if (element) app.labels[slot] = element;
          }}
        />
      ))}
    </div>
  );
}
