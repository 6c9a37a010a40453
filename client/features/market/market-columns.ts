import type { MarketRow } from '../../../shared/market-api.ts';
import { formatCoords } from '../../../shared/world.ts';
import { countdown } from '../../ui/clock.ts';
import { formatAmount } from '../wallet/format.ts';
import type { MarketColumn } from './market-list.ts';

/** The market's columns: what each shows of a row, in words and units. */

export const APR_FORMULA =
  'APR = ORE streamed to the staking pool per staked share per year (last 24 h × 365) × ORE price (ORE/WETH pool) ÷ share price (pool, else offering)';

export interface Column {
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

export const COLUMNS: readonly Column[] = [
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
