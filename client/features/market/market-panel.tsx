import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { MarketRow } from '../../../shared/market-api.ts';
import { formatCoords, parcelCoords, parseCoords } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import { countdown, useNow } from '../../ui/clock.ts';
import { parcelIdAtWorld, worldOfParcel } from '../map/grid.ts';
import { createRefresher } from '../net/chain-refresh.ts';
import { formatAmount } from '../wallet/format.ts';
import {
  listMarket,
  loadMarket,
  type MarketColumn,
  type MarketFilter,
  type MarketSorting,
  type MarketTable,
  measureFrom,
  NO_FILTER,
} from './market-list.ts';
import { createMarketSource } from './market-source.ts';
import './market.css';

/** Signals of new blocks gathered this long into one read of the market, ms. */
const GATHER_MS = 1_000;
/** "Near me": parcels within this many parcels (Chebyshev) of the player's. */
const NEAR_RADIUS = 20;
/** Height of one row, px (the virtualizer's estimate and the CSS agree). */
const ROW_PX = 28;
const NOTHING: ReadonlySet<number> = new Set();

const APR_FORMULA =
  'APR = ORE streamed to the staking pool per staked share per year (last 24 h × 365) × ORE price ÷ share price';

interface Column {
  id: MarketColumn;
  label: string;
  cell(row: MarketRow, shown: { nowMs: number; distance: number }): string;
  title?: string;
}

const eth = (wei: string) => `${formatAmount(BigInt(wei))} ETH`;
/** A price per share: shares are cheap (a 0.04 ETH parcel in 1,000 shares is 0.00004 ETH each). */
const perShare = (wei: string) => `${formatAmount(BigInt(wei), 6)} ETH`;
const percent = (fraction: number | null, sign = false) =>
  fraction === null ? '—' : `${sign && fraction > 0 ? '+' : ''}${(fraction * 100).toFixed(1)} %`;

const COLUMNS: readonly Column[] = [
  { id: 'parcel', label: 'Parcel', cell: (row) => formatCoords(row) },
  {
    id: 'sharesLeft',
    label: 'Offered',
    title: 'Shares left in the offering',
    cell: (row) => (row.offering.sharesLeft === '0' ? '—' : formatAmount(BigInt(row.offering.sharesLeft))),
  },
  {
    id: 'offerPrice',
    label: 'Offer price',
    title: 'The offering’s price per share',
    cell: (row) => (row.offering.sharesLeft === '0' ? '—' : perShare(row.offering.priceWei)),
  },
  {
    id: 'poolPrice',
    label: 'Pool price',
    cell: (row) => (row.pool ? perShare(row.pool.priceWei) : 'no pool'),
  },
  {
    id: 'value',
    label: 'Value',
    title: 'Implied value: price × supply',
    cell: (row) => eth(row.impliedValueWei),
  },
  {
    id: 'reserve',
    label: 'Reserve',
    title: 'Vote-weighted reserve price',
    cell: (row) => eth(row.reserveWei),
  },
  {
    id: 'buyout',
    label: 'Buyout',
    cell: (row, { nowMs }) =>
      row.buyout ? `${eth(row.buyout.bidWei)}, ${countdown(row.buyout.endsAt, nowMs)}` : '—',
  },
  {
    id: 'change',
    label: '24 h',
    title: 'Price change over 24 h',
    cell: (row) => percent(row.change24h, true),
  },
  {
    id: 'volume',
    label: 'Volume',
    title: 'Traded in 24 h',
    cell: (row) => `${row.volume24hEth.toLocaleString('en', { maximumFractionDigits: 4 })} ETH`,
  },
  { id: 'apr', label: 'APR', title: APR_FORMULA, cell: (row) => percent(row.staking.apr) },
  {
    id: 'hashRate',
    label: 'Hash rate',
    cell: (row) => `${Math.round(row.hashRate).toLocaleString('en')} H/s`,
  },
  { id: 'rig', label: 'Rig', cell: (row) => String(row.rigLevel) },
  { id: 'holders', label: 'Holders', cell: (row) => String(row.holders) },
  {
    id: 'distance',
    label: 'Distance',
    title: 'Parcels from you',
    cell: (_, { distance }) => (Number.isNaN(distance) ? '—' : String(distance)),
  },
];

interface Loaded {
  table: MarketTable;
  block: number;
  empty: string | null;
}

/**
 * Every fractionalized parcel of `/api/market`, re-read when the room indexes new blocks; sorted
 * and filtered in the browser; a row picked selects its parcel and takes the camera there.
 */
export default function MarketPanel({ onClose }: { onClose(): void }) {
  const app = useApp();
  const address = useAppStore(app.store, (state) => state.address);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [mine, setMine] = useState<ReadonlySet<number> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<MarketFilter>(NO_FILTER);
  const [mineOnly, setMineOnly] = useState(false);
  const [sorting, setSorting] = useState<MarketSorting>({ column: 'value', descending: true });

  // the rows, and the player's parcels while "mine" is on: read now and after new blocks
  useEffect(() => {
    const origin = new URL(window.location.href);
    const all = createMarketSource(origin);
    const held = mineOnly && address ? createMarketSource(origin, { holder: address }) : null;
    let live = true;
    const refresher = createRefresher(async () => {
      try {
        const [market, holdings] = await Promise.all([all.read(), held?.read()]);
        if (!live) return;
        setLoaded({ table: loadMarket(market.rows), block: market.block, empty: market.empty });
        setMine(holdings ? new Set(holdings.rows.map((row) => row.parcelId)) : null);
        setError(null);
      } catch (failure) {
        // the last rows stay on screen
        if (live) setError((failure as Error).message);
      }
    }, GATHER_MS);
    refresher.now();
    const unsubscribe = app.store.subscribe((now, before) => {
      if (now.indexedBlock !== before.indexedBlock) refresher.signal();
    });
    return () => {
      live = false;
      refresher.stop();
      unsubscribe();
    };
  }, [app, address, mineOnly]);

  const order = useMemo(() => {
    if (!loaded) return new Uint32Array(0);
    const me = parcelIdAtWorld(app.me.x, app.me.z);
    measureFrom(loaded.table, me === null ? null : parcelCoords(me));
    // "mine" before the player's holdings are read keeps nothing rather than everything
    return listMarket(loaded.table, { ...filter, only: mineOnly ? (mine ?? NOTHING) : null }, sorting);
  }, [app, loaded, filter, mine, mineOnly, sorting]);

  const rows = loaded?.table.rows ?? [];
  const total = rows.length;
  const shown = order.length;
  const words = !loaded
    ? error
      ? null
      : 'Reading the market…'
    : total === 0
      ? (loaded.empty ?? 'No parcels.')
      : shown === 0
        ? `No parcel matches these filters (${total} in the market).`
        : `${shown} of ${total} parcels, block ${loaded.block}.`;

  return (
    <section className="panel market" aria-label="Market">
      <header>
        <h2>Market</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <Filters
        filter={filter}
        setFilter={setFilter}
        mineOnly={mineOnly}
        setMineOnly={setMineOnly}
        canMine={address !== null}
      />
      {words && <p role="status">{words}</p>}
      {error && (
        <p role="alert">
          Could not read the market: {error}.{loaded ? ' Showing the last rows read.' : ''}
        </p>
      )}
      {shown > 0 && (
        <MarketGrid
          table={loaded?.table as MarketTable}
          order={order}
          sorting={sorting}
          setSorting={setSorting}
        />
      )}
    </section>
  );
}

function Filters({
  filter,
  setFilter,
  mineOnly,
  setMineOnly,
  canMine,
}: {
  filter: MarketFilter;
  setFilter(filter: MarketFilter): void;
  mineOnly: boolean;
  setMineOnly(on: boolean): void;
  canMine: boolean;
}) {
  const searchId = useId();
  const aprId = useId();
  const [searchError, setSearchError] = useState<string | null>(null);
  const [aprError, setAprError] = useState<string | null>(null);
  const check = (key: 'offering' | 'pool' | 'buyout', label: string) => (
    <label>
      <input
        type="checkbox"
        checked={filter[key]}
        onChange={(event) => setFilter({ ...filter, [key]: event.currentTarget.checked })}
      />
      {label}
    </label>
  );
  return (
    <fieldset className="market-filters">
      <legend>Filters</legend>
      {check('offering', 'Offering open')}
      {check('pool', 'Has pool')}
      {check('buyout', 'In buyout')}
      <label>
        <input
          type="checkbox"
          checked={filter.radius !== null}
          onChange={(event) =>
            setFilter({ ...filter, radius: event.currentTarget.checked ? NEAR_RADIUS : null })
          }
        />
        Near me
      </label>
      <label title={canMine ? undefined : 'Connect a wallet to list your parcels'}>
        <input
          type="checkbox"
          checked={mineOnly && canMine}
          disabled={!canMine}
          onChange={(event) => setMineOnly(event.currentTarget.checked)}
        />
        Mine
      </label>
      <label htmlFor={aprId}>APR above (%)</label>
      <input
        id={aprId}
        className="short"
        inputMode="decimal"
        autoComplete="off"
        onChange={(event) => {
          const text = event.currentTarget.value.trim();
          const value = Number(text);
          const ok = text === '' || (Number.isFinite(value) && value >= 0);
          setAprError(ok ? null : 'APR above: type a percentage, 0 or more.');
          if (ok) setFilter({ ...filter, aprMin: text === '' ? null : value / 100 });
        }}
      />
      <label htmlFor={searchId}>Search x,y</label>
      <input
        id={searchId}
        className="short"
        placeholder="-3,12"
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          const text = event.currentTarget.value.trim();
          const at = text === '' ? null : parseCoords(text);
          setSearchError(text !== '' && !at ? 'Search: type x,y of a parcel on the map.' : null);
          if (text === '' || at) setFilter({ ...filter, at });
        }}
      />
      {(searchError || aprError) && <p role="alert">{searchError ?? aprError}</p>}
    </fieldset>
  );
}

function MarketGrid({
  table,
  order,
  sorting,
  setSorting,
}: {
  table: MarketTable;
  order: Uint32Array;
  sorting: MarketSorting;
  setSorting(sorting: MarketSorting): void;
}) {
  const app = useApp();
  const scroller = useRef<HTMLDivElement>(null);
  // roving focus: one row is in the tab order; arrows move it
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const rowAt = (index: number) => table.rows[order[index] as number] as MarketRow;
  // the countdowns tick only while an auction is on screen
  const nowMs = useNow(items.some((item) => rowAt(item.index).buyout !== null));
  const activeIndex = Math.min(active, order.length - 1);

  const choose = (row: MarketRow) => {
    app.store.getState().select(row.parcelId);
    const at = worldOfParcel(row.parcelId);
    app.view?.travel(at.x, at.z);
  };

  const focusRow = (i: number) => {
    const next = Math.max(0, Math.min(order.length - 1, i));
    setActive(next);
    virtualizer.scrollToIndex(next);
    // the row may render only after the scroll: focus it on the next frame
    requestAnimationFrame(() =>
      scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus({ preventScroll: true }),
    );
  };

  const keyDown = (event: KeyboardEvent<HTMLTableRowElement>, i: number) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_PX) / ROW_PX) - 1);
    const moves: Record<string, number> = {
      ArrowDown: i + 1,
      ArrowUp: i - 1,
      PageDown: i + page,
      PageUp: i - page,
      Home: 0,
      End: order.length - 1,
    };
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(rowAt(i));
    } else if (event.key in moves) {
      event.preventDefault();
      focusRow(moves[event.key] as number);
    }
  };

  return (
    <div ref={scroller} className="market-scroll">
      <table className="market-grid" aria-label="Parcels on the market" aria-rowcount={order.length + 1}>
        <thead className="market-head">
          <tr aria-rowindex={1} className="market-row">
            {COLUMNS.map((column) => {
              const sorted = sorting.column === column.id;
              return (
                <th
                  key={column.id}
                  scope="col"
                  aria-sort={sorted ? (sorting.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    title={column.title}
                    onClick={() =>
                      setSorting({
                        column: column.id,
                        descending: sorted ? !sorting.descending : column.id !== 'parcel',
                      })
                    }
                  >
                    {column.label}
                    {sorted ? (sorting.descending ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="market-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            const shown = { nowMs, distance: table.keys.distance[order[item.index] as number] as number };
            return (
              <tr
                key={row.parcelId}
                data-index={item.index}
                aria-rowindex={item.index + 2}
                aria-label={`Parcel ${formatCoords(row)}`}
                tabIndex={item.index === activeIndex ? 0 : -1}
                className="market-row"
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => {
                  setActive(item.index);
                  choose(row);
                }}
                onKeyDown={(event) => keyDown(event, item.index)}
              >
                {COLUMNS.map((column) => (
                  <td key={column.id} title={column.id === 'apr' ? APR_FORMULA : undefined}>
                    {column.cell(row, shown)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
