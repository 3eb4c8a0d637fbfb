/**
 * Calm, honest feedback in the browser: requests the page cancels itself (the year slider moved on while a
 * traced path was re-asked) raise no message; a real failure shows one in the graph area's corner, where it
 * covers no control, and it leaves by itself. Screenshots go to artifacts/screenshots/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { useExplorerHarness, pickNode, SCREENSHOTS, waitForExplorer } from '../support/browser';


type ProbeHost = { __multivector?: { year(): number | null } };

const harness = useExplorerHarness();

async function openExplorer(): Promise<{ page: Page; errors: string[] }> {
  const page = await harness.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(harness.server.baseUrl);
  await waitForExplorer(page);
  return { page, errors };
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('moving the year slider quickly with a path traced cancels the superseded requests without a single message', async () => {
  const { page, errors } = await openExplorer();
  await pickNode(page, '#path-from', 'Dushanbe');
  await pickNode(page, '#path-to', 'Moscow');
  await page.locator('#find-paths').click();
  await page.locator('.path-row').first().waitFor();
  // Slow every answer down a little, so each year's request is still in flight when the next year replaces it.
  await page.route('**/api/**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 150));
    await route.continue().catch(() => undefined);
  });
  const slider = page.locator('#year-slider');
  for (const year of [2005, 2008, 2011, 2014, 2017, 2020, 2023, 2010, 2024, 2012]) await slider.fill(String(year));
  await page.waitForFunction(() => (globalThis as unknown as ProbeHost).__multivector?.year() === 2012);
  // Give the last answers time to arrive (and any wrongly reported cancellation time to show).
  await page.waitForTimeout(1_500);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'calm-after-year-changes.png') });
  expect(await page.locator('#messages .message').allTextContents()).toEqual([]);
  expect(errors).toEqual([]);
  await page.close();
});

test('a failure is shown in the graph area, covers no control, and leaves by itself', async () => {
  const { page } = await openExplorer();
  await page.route('**/api/search?*', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'engine_unavailable', message: 'The graph engine is not reachable.' } }),
    }),
  );
  await page.locator('#search-input').pressSequentially('Mos', { delay: 30 });
  const message = page.locator('#messages .message-error').first();
  await message.waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'calm-error-message.png') });
  const box = await page.locator('#messages').boundingBox();
  expect(box).not.toBeNull();
  // No button, input or select of the page lies under the message area (its own × aside).
  const controls = await page.locator('button:visible, input:visible, select:visible, [role="button"]:visible').evaluateAll((elements) =>
    elements
      .filter((e) => !e.closest('#messages'))
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { name: e.id || e.textContent?.trim() || e.tagName, x: r.x, y: r.y, width: r.width, height: r.height };
      })
      .filter((r) => r.width > 0 && r.height > 0),
  );
  expect(controls.length).toBeGreaterThan(10);
  expect(controls.filter((c) => box !== null && overlaps(box, c)).map((c) => c.name)).toEqual([]);
  // Nobody is pointing at it: it leaves after its lifetime (12 s for an error).
  await page.mouse.move(5, 895);
  await page.locator('#messages').waitFor({ state: 'hidden', timeout: 30_000 });
  await page.close();
}, 90_000);
