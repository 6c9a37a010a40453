import type uPlot from 'uplot';
import { TIME_SCALES, UPlotChart } from '../../ui/uplot-chart.tsx';
import type { Columns } from './story-data.ts';

/**
 * The story's charts on uPlot (one canvas each, no React work per point). This module is its own
 * chunk, loaded the first time a story shows a chart: the first view does not carry uPlot.
 */

/** Pixels; the width follows the inspector. */
const PRICE_HEIGHT = 150;
const HASH_HEIGHT = 90;
const RISING = '#8fd694';
const FALLING = '#ff9b85';
const ACCENT = '#ffd23f';
const AXIS = { stroke: '#9fb0bd', grid: { stroke: 'rgb(255 255 255 / 0.08)' }, ticks: { show: false } };
/** The value axis: share prices are small (0.00004 ETH), so three significant digits, not fixed decimals. */
const VALUE_AXIS: uPlot.Axis = {
  ...AXIS,
  size: 64,
  values: (_u, splits) => splits.map((value) => String(Number(value.toPrecision(3)))),
};

/** Draws [time, open, high, low, close] as candles: a wick from low to high, a body from open to close. */
function drawCandles(u: uPlot): void {
  const [xs, open, high, low, close] = u.data as unknown as number[][];
  if (!xs || !open || !high || !low || !close) return;
  const { ctx } = u;
  // a body is at most 60 % of the slot a candle has, and at least 3 device pixels
  const body = Math.max(3, Math.min(14 * devicePixelRatio, (u.bbox.width / Math.max(xs.length, 1)) * 0.6));
  ctx.save();
  ctx.lineWidth = Math.max(1, devicePixelRatio);
  xs.forEach((x, i) => {
    // the columns have one value per x (candleColumns)
    const [o, h, l, c] = [open[i], high[i], low[i], close[i]].map(Number) as [number, number, number, number];
    const px = u.valToPos(x, 'x', true);
    const [yo, yh, yl, yc] = [o, h, l, c].map((value) => u.valToPos(value, 'y', true)) as [
      number,
      number,
      number,
      number,
    ];
    ctx.strokeStyle = ctx.fillStyle = c >= o ? RISING : FALLING;
    ctx.beginPath();
    ctx.moveTo(px, yh);
    ctx.lineTo(px, yl);
    ctx.stroke();
    ctx.fillRect(px - body / 2, Math.min(yo, yc), body, Math.max(1, Math.abs(yc - yo)));
  });
  ctx.restore();
}

/** A series uPlot scales the y axis by but does not draw (the candles hook draws them). */
const hidden = (label: string): uPlot.Series => ({ label, paths: () => null, points: { show: false } });

/** What every story chart shares: no legend, no drag-zoom, time across, values up. */
const BASE_OPTIONS = {
  legend: { show: false },
  cursor: { drag: { x: false, y: false } },
  scales: TIME_SCALES,
  axes: [AXIS, VALUE_AXIS],
} satisfies Partial<uPlot.Options>;

const LINE_OPTIONS: Omit<uPlot.Options, 'width'> = {
  ...BASE_OPTIONS,
  height: PRICE_HEIGHT,
  series: [{}, { label: 'ETH per share', stroke: ACCENT, width: 1.5, points: { show: true, size: 5 } }],
};

const CANDLE_OPTIONS: Omit<uPlot.Options, 'width'> = {
  ...LINE_OPTIONS,
  series: [{}, hidden('open'), hidden('high'), hidden('low'), hidden('close')],
  hooks: { draw: [drawCandles] },
};

const HASH_OPTIONS: Omit<uPlot.Options, 'width'> = {
  ...BASE_OPTIONS,
  height: HASH_HEIGHT,
  series: [{}, { label: 'H/s', stroke: RISING, fill: 'rgb(143 214 148 / 0.2)', width: 1.5 }],
};

/** The price of the parcel's shares: one point per trade (line) or candles [time, o, h, l, c]. */
export function PriceChart({ mode, data }: { mode: 'line' | 'candles'; data: Columns }) {
  return (
    <UPlotChart
      options={mode === 'line' ? LINE_OPTIONS : CANDLE_OPTIONS}
      data={data}
      label={mode === 'line' ? 'Price per trade, ETH per share' : 'Price candles, ETH per share'}
      className="story-chart"
    />
  );
}

/** The parcel's hash rate over time, [time, hashes per second]. */
export function HashRateChart({ data }: { data: Columns }) {
  return (
    <UPlotChart
      options={HASH_OPTIONS}
      data={data}
      label="Hash rate, hashes per second"
      className="story-chart"
    />
  );
}
