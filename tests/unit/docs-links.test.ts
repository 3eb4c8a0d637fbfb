/**
 * The README and docs/ link to each other's sections since the engine internals and performance tables moved
 * to docs/: every relative link must name a file that exists and, with a #fragment, a heading in it (by
 * GitHub's anchor rule: lower case, punctuation dropped, spaces to hyphens).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/project-paths';

const FILES = ['README.md', 'docs/engines.md', 'docs/performance.md'];

/** GitHub's anchor of a heading's text. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsIn(file: string): Set<string> {
  const text = readFileSync(path.join(PROJECT_ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1] ?? '')));
}

test.each(FILES)('every relative link in %s reaches an existing file and heading', (file) => {
  const text = readFileSync(path.join(PROJECT_ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (target === undefined || /^[a-z]+:/.test(target)) continue;
    const [where, fragment] = target.split('#');
    const linked = where === undefined || where === '' ? file : path.normalize(path.join(path.dirname(file), where));
    if (!existsSync(path.join(PROJECT_ROOT, linked))) broken.push(`${target}: no file ${linked}`);
    else if (fragment !== undefined && linked.endsWith('.md') && !anchorsIn(linked).has(fragment)) broken.push(`${target}: no heading #${fragment} in ${linked}`);
  }
  expect(broken).toEqual([]);
});
