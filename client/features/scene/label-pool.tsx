import { type App, type LabelPool as Pool, useApp } from '../../app.ts';

/** Sets a pooled label to `text` at canvas pixel (x, y), anchored at its bottom centre. */
export function placeLabel(label: HTMLElement, text: string, x: number, y: number): void {
  if (label.hidden) label.hidden = false;
  if (label.textContent !== text) label.textContent = text;
  label.style.transform = `translate(${x}px, ${y}px) translate(-50%, -100%)`;
}

/** Hides the labels of `pool` from index `from` on. */
export function hideLabels(app: App, pool: Pool, from: number): void {
  const labels = app.labels[pool];
  for (let i = from; i < labels.length; i++) (labels[i] as HTMLElement).hidden = true;
}

/**
 * A fixed pool of text labels over the canvas. The scene places them every frame (DOM writes,
 * no React renders); only the nearest few things get one, so the DOM stays small.
 */
export function LabelPool({ pool, size }: { pool: Pool; size: number }) {
  const app = useApp();
  return (
    <div className={`labels ${pool}`} aria-hidden="true">
      {Array.from({ length: size }, (_, slot) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: slots of a fixed pool are their index
          key={slot}
          className="label"
          hidden
          ref={(element) => {
            if (element) app.labels[pool][slot] = element;
          }}
        />
      ))}
    </div>
  );
}
