import { useEffect, useId, useMemo, useState } from 'react';
import { parcelCoords, parseCoords } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import { PanelHeader } from '../../ui/panel-header.tsx';
import { parcelIdAtWorld } from '../map/grid.ts';
import { OverlaySelect } from '../map/overlay-select.tsx';
import { MarketGrid } from './market-grid.tsx';
import {
  listMarket,
  loadMarket,
  type MarketFilter,
  type MarketSorting,
  type MarketTable,
  measureFrom,
  NO_FILTER,
} from './market-list.ts';
import { createMarketSource, followMarket } from './market-source.ts';
import './market.css';

/** "Near me": parcels within this many parcels (Chebyshev) of the player's. */
const NEAR_RADIUS = 20;
const NOTHING: ReadonlySet<number> = new Set();

interface Loaded {
  table: MarketTable;
  block: number;
  empty: string | null;
}

/**
 * Every fractionalized parcel of `/api/market`, re-read when the room indexes new blocks; sorted
 * and filtered in the browser; a row picked selects its parcel and takes the avatar there.
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
    return followMarket(
      app.store,
      () => Promise.all([all.read(), held?.read()]),
      ([market, holdings]) => {
        setLoaded({ table: loadMarket(market.rows), block: market.block, empty: market.empty });
        setMine(holdings ? new Set(holdings.rows.map((row) => row.parcelId)) : null);
        setError(null);
      },
      // the last rows stay on screen
      setError,
    );
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
      <PanelHeader title="Market" onClose={onClose}>
        <OverlaySelect />
      </PanelHeader>
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
