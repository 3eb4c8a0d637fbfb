/** The influence comparison as plain text, for `npm run influence`: the table, the model and the robustness hint. */
import { explainMove } from '../domain/influence-explain';
import type { InfluenceResult } from '../domain/influence-model';

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** The comparison as text: per year and power, the share, the hold and its claims, the strongest channel. */
export function formatInfluenceTable(result: InfluenceResult): string {
  const p = result.parameters;
  const lines = [
    `Influence over ${result.target.node.name} ("${result.target.query}" -> ${result.target.node.id}), ${result.years.from}-${result.years.to}, ` +
      `paths of up to ${p.maxHops} hops, decay ${p.decay} per hop (influence model ${result.model.version})`,
    'Each cell: share of the compared powers\' hold that year, hold (sum of its claims) / distinct claims, strongest channel.',
    '',
  ];
  const width = 34;
  const header = ['year', ...result.powers.map((r) => `${r.node.name} (${r.query})`)];
  lines.push([pad(header[0] ?? '', 6), ...header.slice(1).map((h) => pad(h, width))].join(''));
  const rows = result.series[0]?.points.length ?? 0;
  for (let i = 0; i < rows; i += 1) {
    const year = result.series[0]?.points[i]?.year ?? 0;
    const cells = result.series.map((s) => {
      const point = s.points[i];
      if (!point || point.paths === 0) return pad('-', width);
      const channel = point.channels[0]?.category ?? 'links only';
      return pad(`${percent(point.score)}  ${point.hold.toFixed(2)}/${point.claims}  ${channel}`, width);
    });
    lines.push([pad(String(year), 6), ...cells].join(''));
  }
  lines.push('');
  for (const s of result.series) {
    if (s.truncated) lines.push(`${s.power}: stopped at ${s.candidatePaths} paths (maxPaths): its holds are lower bounds.`);
  }
  lines.push('The model:', ...result.model.summary.map((l) => `  ${l}`));
  lines.push(`Robustness: ${result.robustness.note}`);
  lines.push(`Computed in ${result.elapsedMs} ms.`);
  return lines.join('\n');
}

/** "Why did this move" between two years, as text: each power's share and hold, then the `limit` biggest claim changes. */
export function formatMove(result: InfluenceResult, from: number, to: number, limit = 10): string {
  const move = explainMove(result, from, to);
  const name = (id: string): string => result.nodes.find((n) => n.id === id)?.name ?? id;
  const edges = new Map(result.edges.map((e) => [e.id, e]));
  const lines = [`Why did this move, ${from} -> ${to}:`];
  for (const pm of move.powers) {
    lines.push(`  ${name(pm.power)}: share ${percent(pm.scoreBefore)} -> ${percent(pm.scoreAfter)}, hold ${pm.holdBefore.toFixed(3)} -> ${pm.holdAfter.toFixed(3)}`);
  }
  lines.push(`  ${move.claims.length} claims began, ended or changed; the ${Math.min(limit, move.claims.length)} biggest:`);
  for (const c of move.claims.slice(0, limit)) {
    const e = edges.get(c.edge);
    const what = e ? `${name(e.source)} ${e.type} ${name(e.target)}` : c.edge;
    const quote = e?.sources.find((s) => s.role !== 'correction');
    lines.push(`  ${c.kind.padEnd(7)} ${name(c.power)}: ${what} [${c.edge}] ${c.before.toFixed(3)} -> ${c.after.toFixed(3)}`);
    if (quote) lines.push(`          "${quote.quote}" (${[quote.publisher, quote.published].filter(Boolean).join(', ')})`);
  }
  return lines.join('\n');
}
