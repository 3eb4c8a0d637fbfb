/**
 * Quantities as a reader writes them: "US$300 million", "about 7,000 troops", "6,000–7,000 troops",
 * "more than 40% of GDP", "−40%". The units are those of graph-seed/vocabulary.json; a range is the
 * key pair xMin / xMax; the article's hedge (quantityQualifier) leads the figure.
 */
import type { Properties, PropertyValue } from '../../../server/domain/graph-model';

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** US dollars in words past a million: 300000000 -> "US$300 million", 1200000000 -> "US$1.2 billion". */
export function formatUsd(amount: number): string {
  const abs = Math.abs(amount);
  const sign = amount < 0 ? '−' : '';
  if (abs >= 1e9) return `${sign}US$${INTEGER.format(abs / 1e9)} billion`;
  if (abs >= 1e6) return `${sign}US$${INTEGER.format(abs / 1e6)} million`;
  return `${sign}US$${INTEGER.format(abs)}`;
}

/** One figure with the unit of its key; null for a key that is not a known quantity. */
export function formatFigure(key: string, value: number): string | null {
  const n = INTEGER.format(value);
  switch (key) {
    case 'amountUsd':
      return formatUsd(value);
    case 'troops':
      return `${n} troops`;
    case 'people':
    case 'killed':
    case 'displaced':
    case 'population':
      return `${n} people`;
    case 'percentOfGdp':
      return `${n}% of GDP`;
    case 'changePercent':
      return `${value > 0 ? '+' : value < 0 ? '−' : ''}${INTEGER.format(Math.abs(value))}%`;
    case 'lengthKm':
      return `${n} km`;
    case 'quantity':
      return `${n} items`;
    default:
      return null;
  }
}

/** What a quantity key means, for the label beside the figure. */
const LABELS: Readonly<Record<string, string>> = {
  amountUsd: 'Amount',
  troops: 'Troops',
  people: 'People',
  killed: 'Killed',
  displaced: 'Displaced',
  population: 'Population',
  percentOfGdp: 'Share of GDP',
  changePercent: 'Change',
  lengthKm: 'Length',
  quantity: 'Quantity',
};

/**
 * The quantities of a claim as [label, text] rows, ranges joined, the qualifier in front; numbers under keys the
 * vocabulary gives no unit keep their key and plain digits.
 */
export function formatQuantities(properties: Properties): [string, string][] {
  const qualifier = typeof properties.quantityQualifier === 'string' ? `${properties.quantityQualifier} ` : '';
  const rows: [string, string][] = [];
  const done = new Set<string>();
  for (const key of Object.keys(properties).sort()) {
    const value: PropertyValue | undefined = properties[key];
    if (typeof value !== 'number' || done.has(key)) continue;
    const range = /^(.*)(Min|Max)$/.exec(key);
    if (range) {
      const base = range[1]!;
      const min = properties[`${base}Min`];
      const max = properties[`${base}Max`];
      done.add(`${base}Min`).add(`${base}Max`);
      if (typeof min === 'number' && typeof max === 'number') {
        const low = formatFigure(base, min);
        const high = formatFigure(base, max);
        if (low !== null && high !== null) {
          // "6,000–7,000 troops": the unit once, after the range.
          const unit = high.replace(/^[−+]?(US\$)?[\d,.]+/, '');
          const lowNumber = low.slice(0, low.length - unit.length);
          rows.push([LABELS[base] ?? base, `${qualifier}${lowNumber}–${high}`]);
          continue;
        }
      }
    }
    done.add(key);
    const text = formatFigure(range ? range[1]! : key, value);
    rows.push([LABELS[key] ?? key, text === null ? INTEGER.format(value) : `${qualifier}${text}`]);
  }
  return rows;
}
