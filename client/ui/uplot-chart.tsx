import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * A uPlot chart (one canvas, no React work per point) for the lazily loaded panels that draw
 * charts (a parcel's story, the portfolio's value): only their chunks carry uPlot.
 */

/** Seconds shown either side of a lone point (one trade, one sample): uPlot would span years. */
const LONE_POINT_PAD = 300;
/** Room either side of the first and last points, a fraction of the span: edge candles stay whole. */
const EDGE_PAD = 0.08;
/** Time across, padded: a lone point (one trade, one sample) would span years. */
export const TIME_SCALES: uPlot.Scales = {
  x: {
    time: true,
    range: (_u, min, max) => {
      const pad = min === max ? LONE_POINT_PAD : (max - min) * EDGE_PAD;
      return [min - pad, max + pad];
    },
  },
};

/** A uPlot chart in a div: made when `options` change, given new data in place otherwise. */
export function UPlotChart({
  options,
  data,
  label,
  className,
}: {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
  label: string;
  /** The box's class: its width and least height. */
  className: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot({ ...options, width: element.clientWidth || 260 }, latest.current, element);
    plot.current = chart;
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: element.clientWidth, height: options.height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [options]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div ref={box} className={className} role="img" aria-label={label} />;
}
