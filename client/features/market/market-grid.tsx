import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useRef, useState } from 'react';
import type { MarketRow } from '../../../shared/market-api.ts';
import { formatCoords } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { useNow } from '../../ui/clock.ts';
import { worldOfParcel } from '../map/grid.ts';
import { APR_FORMULA, COLUMNS } from './market-columns.ts';
import type { MarketSorting, MarketTable } from './market-list.ts';

/** Height of one row, px (the virtualizer's estimate and the CSS agree). */
const ROW_PX = 28;

/**
 * The market's rows in `order`, virtualized (only the rows on screen are in the DOM), with
 * sortable headers and one row in the tab order (arrows, Page keys, Home/End move it; Enter or a
 * click picks the parcel: selected, and the avatar goes there).
 */
export function MarketGrid({
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
    const at = worldOfParcel(row.parcelId);
    app.view?.goTo(at.x, at.z); // the avatar goes there (walk or teleport) and the parcel is selected
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
