import type { Locator, Page } from '@playwright/test';

/** An sRGB colour as 0–255 channels. */
export type Rgb255 = readonly [number, number, number];

/**
 * Pixels of a screenshot of `target` as RGBA bytes, decoded by the page itself (no PNG library
 * needed in the test process). The bytes go in as a Blob, not a fetch of a data: URL: the game's
 * Content-Security-Policy allows the page to connect to its own server only.
 */
async function decode(page: Page, png: Buffer): Promise<{ width: number; height: number; data: number[] }> {
  return page.evaluate(async (base64) => {
    const blob = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: bitmap.width, height: bitmap.height, data: Array.from(data) };
  }, png.toString('base64'));
}

/** Share (0–1) of the pixels of `target` that are not within `tolerance` of `colour`. */
export async function shareDifferentFrom(
  page: Page,
  target: Locator,
  colour: Rgb255,
  tolerance = 6,
): Promise<number> {
  const { data } = await decode(page, await target.screenshot());
  let different = 0;
  const pixels = data.length / 4;
  for (let i = 0; i < data.length; i += 4) {
    const distance = Math.max(
      Math.abs((data[i] as number) - colour[0]),
      Math.abs((data[i + 1] as number) - colour[1]),
      Math.abs((data[i + 2] as number) - colour[2]),
    );
    if (distance > tolerance) different++;
  }
  return different / pixels;
}

/** Mean colour of the `size`×`size` CSS-pixel square centred on page point (x, y). */
export async function meanColourAt(page: Page, x: number, y: number, size = 4): Promise<Rgb255> {
  const png = await page.screenshot({
    clip: { x: x - size / 2, y: y - size / 2, width: size, height: size },
  });
  const { data } = await decode(page, png);
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += 4) {
    for (let c = 0; c < 3; c++) sum[c] = (sum[c] as number) + (data[i + c] as number);
  }
  const count = data.length / 4;
  return [(sum[0] as number) / count, (sum[1] as number) / count, (sum[2] as number) / count];
}

/** Largest per-channel difference of two colours. */
export function colourDistance(a: Rgb255, b: Rgb255): number {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));
}
