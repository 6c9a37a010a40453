import { lazy, Suspense, useMemo, useState } from 'react';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import {
  type ChartRange,
  candleColumns,
  capTable,
  hashRateColumns,
  RANGES,
  rangeStart,
  storyLines,
  tradeColumns,
} from './story-data.ts';
import './story-body.css';
import { useParcelHistory } from './use-parcel-history.ts';

// uPlot and the chart code: their own chunk, fetched when a story first shows a chart
const PriceChart = lazy(() =>
  import('./story-charts.tsx').then((charts) => ({ default: charts.PriceChart })),
);
const HashRateChart = lazy(() =>
  import('./story-charts.tsx').then((charts) => ({ default: charts.HashRateChart })),
);

const RANGE_NAMES: Record<ChartRange, string> = { '1h': '1 h', '1d': '1 d', all: 'All' };
type ChartMode = 'line' | 'candles';
const MODES: Record<ChartMode, string> = { line: 'Line', candles: 'Candles' };

/**
 * The open story (its own chunk, with the charts in another): the price of the parcel's shares
 * (line or candles; 1 h, 1 d or all), its hash rate, its holders and what happened to it, newest
 * first, following the room's new blocks.
 */
export default function StoryBody({ parcelId }: { parcelId: number }) {
  const app = useApp();
  const address = useAppStore(app.store, (state) => state.address);
  const [range, setRange] = useState<ChartRange>('all');
  const [mode, setMode] = useState<ChartMode>('line');
  const { history, error } = useParcelHistory(parcelId, RANGES[range].interval);

  const shaped = useMemo(() => {
    if (!history) return null;
    const from = rangeStart(range, Date.now() / 1000, history.trades);
    return {
      trades: tradeColumns(history.trades, from),
      candles: candleColumns(history.candles, from),
      hashRate: hashRateColumns(history.hashRate),
      holders: capTable(history.holders, address),
      lines: storyLines(history.events, address),
    };
  }, [history, range, address]);

  if (!shaped) return error ? <p role="alert">{error}</p> : <p>Reading the parcel's history…</p>;
  const points = shaped.trades[0].length;
  return (
    <>
      {error && <p role="alert">{error}</p>}
      <figure className="story-figure" aria-label="Share price" data-points={points}>
        <div className="row">
          <Choice label="Time range" names={RANGE_NAMES} value={range} onChange={setRange} />
          <Choice label="Chart kind" names={MODES} value={mode} onChange={setMode} />
        </div>
        {points === 0 ? (
          <p>{history?.trades.length ? 'No trades in this range.' : 'No trades yet.'}</p>
        ) : (
          <Suspense fallback={<p>Loading the chart…</p>}>
            <PriceChart mode={mode} data={mode === 'line' ? shaped.trades : shaped.candles} />
          </Suspense>
        )}
        <figcaption>
          Price of a share in ETH: {points} {points === 1 ? 'trade' : 'trades'} (offering buys and pool swaps)
        </figcaption>
      </figure>
      <figure className="story-figure" aria-label="Hash rate over time">
        {shaped.hashRate[0].length === 0 ? (
          <p>No blocks mined here yet.</p>
        ) : (
          <Suspense fallback={<p>Loading the chart…</p>}>
            <HashRateChart data={shaped.hashRate} />
          </Suspense>
        )}
        <figcaption>Hash rate (hashes per second, 5-minute samples)</figcaption>
      </figure>
      {shaped.holders.length === 0 ? (
        <p>No holders: the parcel is not fractionalized.</p>
      ) : (
        <table className="story-holders" aria-label="Holders">
          <thead>
            <tr>
              <th scope="col">Holder</th>
              <th scope="col">Shares</th>
              <th scope="col">Of supply</th>
            </tr>
          </thead>
          <tbody>
            {shaped.holders.map((row) => (
              <tr
                key={row.key}
                className={row.mine ? 'mine' : undefined}
                aria-current={row.mine || undefined}
              >
                <td title={row.address}>{row.who}</td>
                <td>{row.shares}</td>
                <td>{row.percent}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shaped.lines.length === 0 ? (
        <p>Nothing has happened here yet.</p>
      ) : (
        <ol className="story-history" aria-label="History">
          {shaped.lines.map((line) => (
            <li key={line.key}>
              <span>{line.text}</span>
              <small>
                <a href={`/api/blocks/${line.block}`} target="_blank" rel="noreferrer">
                  block {line.block}
                </a>{' '}
                · <span title={line.txHash}>tx {line.shortTx}</span>
              </small>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** One of a few options as a row of toggle buttons (the pressed one is the value). */
function Choice<K extends string>({
  label,
  names,
  value,
  onChange,
}: {
  label: string;
  names: Record<K, string>;
  value: K;
  onChange(value: K): void;
}) {
  return (
    <fieldset aria-label={label}>
      {(Object.keys(names) as K[]).map((name) => (
        <button key={name} type="button" aria-pressed={value === name} onClick={() => onChange(name)}>
          {names[name]}
        </button>
      ))}
    </fieldset>
  );
}
