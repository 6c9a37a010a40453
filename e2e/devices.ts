import type { Locator, Page } from '@playwright/test';
import { parcelCoords, parcelId } from '../shared/world.ts';
import { expect } from './fixtures.ts';
import { pointOf } from './players.ts';

/** Helpers of the specs that play on other devices: raw touch input, what lies on screen. */

/** The parcel `dx`, `dy` from the one the camera looks at. */
export async function nearCentre(page: Page, dx: number, dy: number): Promise<number> {
  const centre = await page.evaluate(() => window.__fracterra?.camera().parcelId ?? null);
  expect(centre).not.toBeNull();
  const c = parcelCoords(centre as number);
  return parcelId(c.x + dx, c.y + dy);
}

/** A CDP session for raw touch input: Playwright's touchscreen only taps. */
export async function touches(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const send = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: Array<{ x: number; y: number }>) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: points.map((point, id) => ({ ...point, id, radiusX: 4, radiusY: 4, force: 1 })),
    });
  /** Fingers moved together from `from` to `to` (one point per finger), in `steps` moves. */
  const gesture = async (
    from: Array<{ x: number; y: number }>,
    to: Array<{ x: number; y: number }>,
    steps = 8,
  ) => {
    await send('touchStart', from);
    for (let i = 1; i <= steps; i++)
      await send(
        'touchMove',
        from.map((point, finger) => ({
          x: point.x + (((to[finger]?.x ?? point.x) - point.x) * i) / steps,
          y: point.y + (((to[finger]?.y ?? point.y) - point.y) * i) / steps,
        })),
      );
    await send('touchEnd', []);
  };
  return {
    gesture,
    /** A finger held down on `point` until the returned release is called. */
    hold: async (point: { x: number; y: number }) => {
      await send('touchStart', [point]);
      return () => send('touchEnd', []);
    },
    detach: () => cdp.detach(),
  };
}

/** Screen pixels between the centres of two neighbouring parcels near the camera: grows as the view zooms in. */
export async function parcelSpacing(page: Page): Promise<number> {
  const id = await nearCentre(page, 0, 0);
  const [p, q] = [await pointOf(page, id), await pointOf(page, id + 1)];
  return Math.hypot(q.x - p.x, q.y - p.y);
}

/** `box` lies wholly inside the page's viewport. */
export async function expectInViewport(page: Page, box: Locator) {
  const view = page.viewportSize();
  const bounds = await box.boundingBox();
  expect(view && bounds).toBeTruthy();
  if (!view || !bounds) return;
  expect(bounds.x).toBeGreaterThanOrEqual(0);
  expect(bounds.y).toBeGreaterThanOrEqual(0);
  expect(bounds.x + bounds.width).toBeLessThanOrEqual(view.width + 0.5);
  expect(bounds.y + bounds.height).toBeLessThanOrEqual(view.height + 0.5);
}
