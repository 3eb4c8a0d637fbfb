/** How much a view draws for its size (client/src/view/level-of-detail.ts) applied to the real stylesheet. */
import { OVERVIEW_MIN_ELEMENTS, detailTierFor, rendererOptionsFor, withTierStyles } from '../../../client/src/view/level-of-detail';
import { createStylesheet } from '../../../client/src/view/styles';

type Rule = { selector: string; style: Record<string, unknown> };
const rulesOf = (sheet: unknown): Rule[] => sheet as Rule[];

describe('the level of detail', () => {
  test('when a view reaches the overview threshold, it is drawn as an overview; below it, in full', () => {
    expect(detailTierFor(OVERVIEW_MIN_ELEMENTS - 1)).toBe('full');
    expect(detailTierFor(OVERVIEW_MIN_ELEMENTS)).toBe('overview');
  });

  test('when drawn in full, the stylesheet and the renderer settings are left as they are', () => {
    const base = createStylesheet();
    expect(withTierStyles(base, 'full')).toBe(base);
    expect(rendererOptionsFor('full', 'canvas')).toEqual({});
  });

  test('when drawn as an overview, Cytoscape hides every edge (the edge layer draws them) and shows highlighted ones with arrows and their type', () => {
    const rules = rulesOf(withTierStyles(createStylesheet(), 'overview'));
    const edge = rules.find((rule) => rule.selector === 'edge');
    expect(edge?.style).toEqual({ display: 'none' });
    const shown = rules.find((rule) => rule.selector.startsWith('edge.hover') && rule.style.display === 'element');
    expect(shown?.selector).toContain('edge.is-selected');
    expect(shown?.selector).toContain('edge.on-path');
    expect(shown?.style['target-arrow-shape']).toBe('triangle');
    expect(shown?.style.label).toBe('data(type)');
  });

  test('when drawn as an overview, only hubs and labelled, hovered, selected or path nodes carry a name, in the base font', () => {
    const rules = rulesOf(withTierStyles(createStylesheet(), 'overview'));
    const node = rules.find((rule) => rule.selector === 'node');
    expect(node?.style.label).toBeUndefined();
    const named = rules.find((rule) => rule.selector.startsWith('node[size >='));
    expect(named?.selector).toContain('node.labelled');
    expect(named?.selector).toContain('node.is-selected');
    expect(named?.style.label).toBe('data(label)');
    expect(named?.style['font-family']).toBe(rulesOf(createStylesheet()).find((rule) => rule.selector === 'node')?.style['font-family']);
  });

  test('when drawn as an overview, the selected and path rules still come last, so they win', () => {
    const selectors = rulesOf(withTierStyles(createStylesheet(), 'overview')).map((rule) => rule.selector);
    const added = selectors.findIndex((selector) => selector.startsWith('node[size >='));
    expect(added).toBeGreaterThan(selectors.indexOf('edge'));
    expect(selectors.indexOf('node.is-selected')).toBeGreaterThan(added);
    expect(selectors.indexOf('edge.on-path')).toBeGreaterThan(added);
  });

  test('when drawn as an overview, panning moves a texture of the last frame and motion blur is off', () => {
    expect(rendererOptionsFor('overview', 'canvas')).toMatchObject({ textureOnViewport: true, hideEdgesOnViewport: true, motionBlur: false });
    expect(rendererOptionsFor('overview', 'webgl')).toMatchObject({ renderer: { name: 'canvas', webgl: true } });
  });
});
