/** What the read profiles (read-profile.ts, neighbourhood-profile.ts, edge-read-variants.ts) share: flags and summaries. */

/** The value after `--name` on the command line, or `fallback`; throws naming the flag when neither is there. */
export function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

/** Milliseconds since `t` (a performance.now() reading), to a tenth. */
export const ms = (t: number): number => Math.round((performance.now() - t) * 10) / 10;

/** One line of nearest-rank percentiles of `xs`. */
export function summary(name: string, xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return `${name}: p50 ${at(0.5)} p95 ${at(0.95)} max ${s[s.length - 1]} (n ${s.length})`;
}
