/**
 * `npm run influence -- --target dushanbe [--powers moscow,washington,brussels,beijing] [--from 2003]
 * [--to 2024] [--max-hops 3] [--decay 0.5] [--weights military:0.9] [--reliability-weights C:0.5]
 * [--credibility-weights 4:0.2] [--planned-factor 0.3] [--why 2011:2015] [--json]`: the influence comparison of
 * GET /api/influence as a table (one row per year, one column per power), over the configured engine, with
 * the model stated and, with --why, the claims that moved between two years. Options are checked by the
 * same schema as the route's query string.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { openCliStore } from './open-cli-store';
import { DomainError } from '../domain/errors';
import { computeInfluence } from '../domain/influence';
import { seedIfEmpty } from '../domain/seed-graph';
import { readVocabulary, SeedValidationError } from '../seed/seed-loader';
import { DataDirLockedError } from '../stores/kuzu/data-dir-errors';
import { describeZodError } from '../http/error-mapper';
import { InfluenceQuerySchema, toInfluenceQuery } from '../http/request-schemas';
import { formatInfluenceTable, formatMove } from './influence-table';

const DEFAULT_POWERS = 'moscow,washington,brussels,beijing';

/** CLI option (kebab-case) -> query-string parameter of GET /api/influence. */
const OPTIONS = {
  target: 'target',
  powers: 'powers',
  from: 'from',
  to: 'to',
  'max-hops': 'maxHops',
  decay: 'decay',
  weights: 'weights',
  'reliability-weights': 'reliabilityWeights',
  'credibility-weights': 'credibilityWeights',
  'planned-factor': 'plannedFactor',
  'quantity-bonus': 'quantityBonus',
  'link-weight': 'linkWeight',
  'through-other-powers': 'throughOtherPowers',
  'top-paths': 'topPaths',
  'max-paths': 'maxPaths',
} as const;

class UsageError extends Error {}

function readQuery(argv: string[]): { query: Record<string, string>; json: boolean; why: Array<[number, number]> } {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(Object.keys(OPTIONS).map((k) => [k, { type: 'string' as const }])),
      json: { type: 'boolean' as const },
      why: { type: 'string' as const, multiple: true },
    },
    strict: true,
  });
  const why = (values.why ?? []).map((w): [number, number] => {
    const m = /^(\d{4}):(\d{4})$/.exec(w.trim());
    if (!m) throw new UsageError(`--why must be two years as FROM:TO, e.g. 2011:2015 (got "${w}")`);
    return [Number(m[1]), Number(m[2])];
  });
  const query: Record<string, string> = { powers: DEFAULT_POWERS };
  for (const [option, param] of Object.entries(OPTIONS)) {
    const v = (values as Record<string, string | boolean | undefined>)[option];
    if (typeof v === 'string') query[param] = v;
  }
  if (query.target === undefined) throw new UsageError('--target is required, e.g. npm run influence -- --target dushanbe');
  return { query, json: values.json === true, why };
}

async function run(): Promise<void> {
  const { query, json, why } = readQuery(process.argv.slice(2));
  const parsed = InfluenceQuerySchema.safeParse(query);
  if (!parsed.success) {
    // Name the options as typed (--max-hops), not as the query-string fields the schema knows (maxHops).
    const fields = describeZodError(parsed.error, 'option').message.split('; ');
    const byParam = new Map(Object.entries(OPTIONS).map(([option, param]) => [param as string, option]));
    throw new UsageError(fields.map((f) => { const [field = '', ...rest] = f.split(' '); return [`--${byParam.get(field) ?? field}`, ...rest].join(' '); }).join('; '));
  }
  const config = loadConfig();
  const store = await openCliStore(config);
  try {
    await store.init();
    if (config.seedOnStart) await seedIfEmpty(store);
    const result = await computeInfluence(store, await readVocabulary(), toInfluenceQuery(parsed.data));
    console.log(json ? JSON.stringify(result, null, 2) : [formatInfluenceTable(result), ...why.map(([a, b]) => formatMove(result, a, b))].join('\n\n'));
  } finally {
    await store.close();
  }
}

run().catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof SeedValidationError || err instanceof DataDirLockedError || err instanceof DomainError) {
    console.error(err.message);
  } else if (err instanceof TypeError && 'code' in err && typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS')) {
    console.error(err.message);
  } else {
    console.error('The influence comparison failed:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
