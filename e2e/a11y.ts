import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect } from './fixtures.ts';

/** Accessibility checks of the e2e: axe on a view, and where the keyboard's focus is. */

/** Runs axe on the page: no serious or critical violation (all of them attached to the report). */
export async function expectAccessible(page: Page, testInfo: TestInfo, view: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  await testInfo.attach(`axe-${view}.json`, {
    body: JSON.stringify(violations, null, 2),
    contentType: 'application/json',
  });
  const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    grave.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
  ).toEqual([]);
}

/** What has the keyboard's focus: inside `region`?, its name, and whether a focus outline shows. */
export const focusOf = (region: Locator) =>
  region.evaluate((root) => {
    const element = document.activeElement as HTMLElement | null;
    const style = element ? getComputedStyle(element) : null;
    return {
      inside: !!element && root.contains(element),
      key: element?.dataset.focusKey ?? null,
      outline: !!style && style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0,
    };
  });
