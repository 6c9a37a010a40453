import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { HolderHistory } from '../../../shared/market-api.ts';
import { costBasis, profitAndLoss, valueOverTime } from '../../../shared/portfolio-pnl.ts';
import { ONE_ORE } from '../../../shared/units.ts';
import { formatCoords, parcelCoords } from '../../../shared/world.ts';
import { TIME_SCALES, UPlotChart } from '../../ui/uplot-chart.tsx';
import type { VaultPosition } from '../chain/chain-actions.ts';
import { useApiRead } from '../net/use-api-read.ts';
import { formatAmount } from '../wallet/format.ts';

/**
 * The portfolio's market side, its own chunk (with uPlot): each position's cost basis (average
 * cost, shared/portfolio-pnl.ts) and profit or loss at the pool price, the ORE rewards claimed
 * (the market history) and pending (the chain), in ETH too when ORE has a price, and the value of
 * the holder's shares over time.
 */

const CHART_OPTIONS: Omit<uPlot.Options, 'width'> = {
  height: 120,
  legend: { show: false },
  cursor: { drag: { x: false, y: false } },
  scales: TIME_SCALES,
  axes: [
    { stroke: '#9fb0bd', ticks: { show: false } },
    {
      stroke: '#9fb0bd',
      size: 64,
      ticks: { show: false },
      values: (_u, splits) => splits.map((value) => String(Number(value.toPrecision(3)))),
    },
  ],
  series: [{}, { label: 'ETH', stroke: '#ffd23f', width: 1.5, points: { show: true, size: 4 } }],
};

/** A signed wei amount in ETH, with its sign. */
const signedEth = (wei: bigint) => `${wei > 0n ? '+' : ''}${formatAmount(wei)} ETH`;

export default function PortfolioHistory({
  holder,
  positions,
}: {
  holder: string;
  positions: readonly VaultPosition[];
}) {
  const { value: history, error } = useApiRead<HolderHistory>(`/api/holders/${holder}`);
  const bases = useMemo(() => (history ? costBasis(holder, history.events) : null), [holder, history]);
  const chart = useMemo(() => {
    if (!history) return null;
    const series = valueOverTime(holder, history.events, history.prices);
    return series.at.length > 0 ? ([series.at, series.valueEth] as uPlot.AlignedData) : null;
  }, [holder, history]);

  if (!history || !bases)
    return error ? <p role="alert">Could not read your trades: {error}.</p> : <p>Reading your trades…</p>;
  const orePrice = history.orePriceWei === null ? null : BigInt(history.orePriceWei);
  const rows = positions.map((p) => {
    const basis = bases.get(p.vault);
    const price = p.poolPrice > 0n ? p.poolPrice : p.offerPrice;
    return { p, basis, pnl: profitAndLoss(basis, p.shares + p.staked, price) };
  });
  const claimed = rows.reduce((sum, row) => sum + (row.basis?.rewardsOre ?? 0n), 0n);
  const pending = positions.reduce((sum, p) => sum + p.earned, 0n);
  const total = rows.reduce((sum, row) => sum + row.pnl.totalWei, 0n);
  return (
    <section aria-label="Profit and loss">
      <h3>Profit and loss</h3>
      {error && <p role="alert">Could not read your latest trades: {error}. Showing the last read.</p>}
      {history.truncated && <p>Only your first {history.events.length} moves count towards the cost.</p>}
      <p>
        Rewards: <span data-testid="rewards-claimed">{formatAmount(claimed)}</span> ORE claimed,{' '}
        <span data-testid="rewards-pending">{formatAmount(pending)}</span> ORE pending
        {orePrice !== null && ` (${formatAmount(((claimed + pending) * orePrice) / ONE_ORE)} ETH)`}. In all:{' '}
        <span data-testid="pnl-total">{signedEth(total)}</span>
      </p>
      {rows.length > 0 && (
        <div className="table-scroll">
          <table aria-label="Cost and profit per position">
            <thead>
              <tr>
                <th>Parcel</th>
                <th title="What the shares held cost, at the average price paid">Cost</th>
                <th>Value</th>
                <th title="Value less cost">Unrealized</th>
                <th title="Sales and cash-outs less their cost">Realized</th>
                <th>ORE claimed</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ p, basis, pnl }) => (
                <tr key={p.vault}>
                  <td>{formatCoords(parcelCoords(p.parcelId))}</td>
                  <td>{formatAmount(pnl.costWei)} ETH</td>
                  <td>{formatAmount(pnl.valueWei)} ETH</td>
                  <td>{signedEth(pnl.unrealizedWei)}</td>
                  <td>{signedEth(basis?.realizedWei ?? 0n)}</td>
                  <td>{formatAmount(basis?.rewardsOre ?? 0n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Value over time</h3>
      {chart ? (
        <UPlotChart
          options={CHART_OPTIONS}
          data={chart}
          label="Value of your shares over time, ETH"
          className="portfolio-chart"
        />
      ) : (
        <p>No trades of your parcels yet.</p>
      )}
    </section>
  );
}
