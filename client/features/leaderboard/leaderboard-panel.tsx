import { useState } from 'react';
import type { Leaderboard, LeaderboardMiner, MarketRow } from '../../../shared/market-api.ts';
import { formatCoords } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { ChoiceGroup } from '../../ui/choice-group.tsx';
import { PanelHeader } from '../../ui/panel-header.tsx';
import { useApiRead } from '../net/use-api-read.ts';
import { formatAmount, shortAddress } from '../wallet/format.ts';
import './leaderboard.css';

/** Rows of each board. */
const TOP = 10;
/** ORE units in a millionth of an ORE: the boards give whole ORE as floats. */
const MICRO_ORE = 10n ** 12n;

const SPANS = [
  ['miners24h', '24 h'],
  ['minersAllTime', 'All time'],
] as const;
type ParcelBoard = 'parcelsByApr' | 'parcelsByValue' | 'parcelsByHashRate';
const PARCEL_BOARDS: { key: ParcelBoard; title: string; figure(row: MarketRow): string }[] = [
  {
    key: 'parcelsByApr',
    title: 'by APR',
    figure: (row) => (row.staking.apr === null ? '—' : `${(row.staking.apr * 100).toPrecision(3)} %`),
  },
  {
    key: 'parcelsByValue',
    title: 'by value',
    figure: (row) => `${formatAmount(BigInt(row.impliedValueWei))} ETH`,
  },
  { key: 'parcelsByHashRate', title: 'by hash rate', figure: (row) => `${row.hashRate.toPrecision(3)} H/s` },
];

/**
 * The leaderboards of `/api/leaderboard`, re-read on new blocks: top miners by ORE mined (the last
 * 24 h, all time) and top parcels by APR, value and hash rate; a parcel picked takes the camera there.
 */
export default function LeaderboardPanel({ onClose }: { onClose(): void }) {
  const { value: board, error } = useApiRead<Leaderboard>(`/api/leaderboard?limit=${TOP}`);
  const [span, setSpan] = useState<'miners24h' | 'minersAllTime'>('miners24h');
  return (
    <section className="panel leaderboard" aria-label="Leaderboard">
      <PanelHeader title="Leaderboard" onClose={onClose} />
      {error && (
        <p role="alert">
          Could not read the leaderboard: {error}.{board ? ' Showing the last one read.' : ''}
        </p>
      )}
      {!board && !error && <p role="status">Reading the leaderboard…</p>}
      {board && (
        <div className="boards">
          <section aria-label="Top miners">
            <h3>Top miners</h3>
            <ChoiceGroup<typeof span>
              label="Span"
              name="miner-span"
              options={SPANS}
              value={span}
              onChange={setSpan}
            />
            <Miners miners={board[span]} />
          </section>
          {PARCEL_BOARDS.map(({ key, title, figure }) => (
            <section key={key} aria-label={`Top parcels ${title}`}>
              <h3>Top parcels {title}</h3>
              <Parcels rows={board[key]} figure={figure} />
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

function Miners({ miners }: { miners: LeaderboardMiner[] }) {
  if (miners.length === 0) return <p>Nobody has mined ORE in this span yet.</p>;
  return (
    <ol>
      {miners.map((miner) => (
        <li key={miner.miner}>
          <span title={miner.miner}>{shortAddress(miner.miner)}</span>{' '}
          {formatAmount(BigInt(Math.round(miner.ore * 1e6)) * MICRO_ORE)} ORE ({miner.solutions} blocks)
        </li>
      ))}
    </ol>
  );
}

function Parcels({ rows, figure }: { rows: MarketRow[]; figure(row: MarketRow): string }) {
  const app = useApp();
  if (rows.length === 0) return <p>No parcel yet.</p>;
  return (
    <ol>
      {rows.map((row) => (
        <li key={row.parcelId}>
          <button
            type="button"
            className="link"
            title="Show on the map"
            onClick={() => {
              app.store.getState().select(row.parcelId);
              app.view?.travel(row.x, row.y);
            }}
          >
            {formatCoords(row)}
          </button>{' '}
          {figure(row)}
        </li>
      ))}
    </ol>
  );
}
