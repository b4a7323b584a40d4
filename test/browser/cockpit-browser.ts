// Helpers of the browser tests: headless Debian Chromium against a real daemon, logged in or not,
// and screenshots into test-results/screenshots/.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import {
  createTestHausmeister,
  projectRoot,
  type ApiSession,
  type TestHausmeister,
} from '../harness/test-hausmeister.js';

const screenshotDir = path.join(projectRoot, 'test-results', 'screenshots');
export const CHROMIUM = process.env.HAUSMEISTER_CHROMIUM ?? '/usr/bin/chromium';
export const OWNER = { username: 'owner', password: 'correct horse battery' };

/** The daemon serves web/dist; building it is the build step's job (npm run build), not each test's. */
export function requireWebBuild(): void {
  if (!existsSync(path.join(projectRoot, 'web', 'dist', 'index.html'))) {
    throw new Error(
      'web/dist is missing: run `npx vite build --config web/vite.config.ts` (or `npm run build`) first',
    );
  }
}

export async function launchChromium(): Promise<Browser> {
  requireWebBuild();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface Cockpit {
  hausmeister: TestHausmeister;
  /** The owner's API session (when the cockpit was opened logged in), for checks behind the UI. */
  api: ApiSession | null;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Boots a daemon of its own, and opens its cockpit in a fresh browser context: logged in as the
 * owner (created through the API) unless `loggedIn: false`, at `path`.
 */
export async function openCockpit(
  browser: Browser,
  options: {
    loggedIn?: boolean;
    path?: string;
    locale?: string;
    viewport?: { width: number; height: number };
    isMobile?: boolean;
    /** Environment of the daemon (e.g. NODE_EXTRA_CA_CERTS for a test mail server's CA). */
    env?: Record<string, string>;
  } = {},
): Promise<Cockpit> {
  const hausmeister = await createTestHausmeister({ env: options.env });
  let context: BrowserContext | null = null;
  try {
    const api =
      options.loggedIn === false ? null : await hausmeister.setupOwner(OWNER.username, OWNER.password);
    context = await browser.newContext({
      locale: options.locale ?? 'en-US',
      viewport: options.viewport ?? { width: 1280, height: 860 },
      isMobile: options.isMobile ?? false,
      hasTouch: options.isMobile ?? false,
      deviceScaleFactor: 1,
    });
    context.setDefaultTimeout(20_000);
    if (api) {
      const cut = api.cookie.indexOf('=');
      await context.addCookies([
        { name: api.cookie.slice(0, cut), value: api.cookie.slice(cut + 1), url: hausmeister.url },
      ]);
    }
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${hausmeister.url}${options.path ?? '/'}`);
    const opened = context;
    return {
      hausmeister,
      api,
      context: opened,
      page,
      async close() {
        await opened.close();
        await hausmeister.close();
        if (errors.length > 0) throw new Error(`errors in the page:\n${errors.join('\n')}`);
      },
    };
  } catch (error) {
    await context?.close();
    await hausmeister.close();
    throw error;
  }
}

export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({
    path: path.join(screenshotDir, `${name}.png`),
    fullPage: options.fullPage ?? true,
  });
}

/** The row of a service on the services page. */
export function serviceRow(page: Page, id: string): Locator {
  return page.locator(`li.service-row[data-service="${id}"]`);
}

/** The status switch of a service in a given state (aria attributes); waits until it is in it. */
export async function waitForSwitch(
  page: Page,
  id: string,
  state: { checked?: boolean; busy?: boolean },
): Promise<Locator> {
  let selector = `li.service-row[data-service="${id}"] [role="switch"]`;
  if (state.checked !== undefined) selector += `[aria-checked="${state.checked}"]`;
  if (state.busy !== undefined) selector += `[aria-busy="${state.busy}"]`;
  const locator = page.locator(selector);
  await locator.waitFor();
  return locator;
}

/**
 * Starts recording, in the page, every moment a service's switch is busy, with its opacity then: a
 * pending phase can be shorter than a polling interval, a MutationObserver sees it anyway.
 */
export async function recordPending(
  page: Page,
  id: string,
): Promise<() => Promise<{ busy: boolean; opacity: string }[]>> {
  const key = `__pending_${id.replace(/\W/g, '_')}`;
  const selector = `li.service-row[data-service="${id}"] [role="switch"]`;
  // A string, not a function: tsx would wrap a function's inner helpers in its own __name() calls,
  // which do not exist in the page.
  await page.evaluate(`(() => {
    const seen = (window[${JSON.stringify(key)}] = []);
    const note = () => {
      const el = document.querySelector(${JSON.stringify(selector)});
      if (el && el.getAttribute('aria-busy') === 'true')
        seen.push({ busy: true, opacity: getComputedStyle(el).opacity });
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ['aria-busy', 'class'],
    });
  })()`);
  return () => page.evaluate(`window[${JSON.stringify(key)}] || []`);
}
