/** The influence comparison as a plain-text table, for `npm run influence`. */
import type { InfluenceResult } from '../domain/influence-model';

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

/** The comparison as text: per year and power, the score, the number of paths, the shortest and the strongest channel. */
export function formatInfluenceTable(result: InfluenceResult): string {
  const p = result.parameters;
  const lines = [
    `Influence over ${result.target.node.name} ("${result.target.query}" -> ${result.target.node.id}), ${result.years.from}-${result.years.to}, ` +
      `paths of up to ${p.maxHops} hops, decay ${p.decay} per hop`,
    'Each cell: score (weighted number of chains of ties), paths that held that year / hops of the shortest, strongest channel.',
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
      return pad(`${point.score.toFixed(3)}  ${point.paths}/${point.shortest ?? '-'}  ${channel}`, width);
    });
    lines.push([pad(String(year), 6), ...cells].join(''));
  }
  lines.push('');
  for (const s of result.series) {
    if (s.truncated) lines.push(`${s.power}: stopped at ${s.candidatePaths} paths (maxPaths): its scores are lower bounds.`);
  }
  lines.push(
    `weights ${Object.entries(p.categoryWeights).map(([k, v]) => `${k}:${v}`).join(',')}; ` +
      `status ${Object.entries(p.statusFactors).map(([k, v]) => `${k}:${v}`).join(',')}; quantity bonus ${p.quantityBonus}; link weight ${p.linkWeight}`,
  );
  lines.push(`Computed in ${result.elapsedMs} ms.`);
  return lines.join('\n');
}
