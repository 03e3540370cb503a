import { expect, test as base, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import * as fs from "fs";
import * as path from "path";

export { expect };

/** The browser's own line for a 4xx answer the test asked for (a 403 page, say). */
const EXPECTED_4XX = /^Failed to load resource: the server responded with a status of 4\d\d/;

/**
 * Every journey fails on an uncaught page error (a panicking island, say) or a console
 * error, so a build whose islands fail to hydrate cannot pass.
 */
export const test = base.extend<{ consoleIsClean: void }>({
  consoleIsClean: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error" && !EXPECTED_4XX.test(message.text())) {
          problems.push(`console error on ${page.url()}: ${message.text()}`);
        }
      });
      await use();
      expect(problems, "errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export const PASSWORD = "correct-horse-battery";
export const DEMO_PASSWORD = "demo-password-2026";

/** Fails the test on any WCAG 2.2 A/AA violation axe finds on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
  // A label or link pointing at an id used twice reaches the wrong element; axe no
  // longer reports it under WCAG 2.2, so it is checked here.
  const duplicates = await page.evaluate(() => {
    const seen = new Map<string, number>();
    document.querySelectorAll("[id]").forEach((e) => seen.set(e.id, (seen.get(e.id) ?? 0) + 1));
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
  expect(duplicates, `ids used more than once on ${page.url()}`).toEqual([]);
}

/**
 * Signs a demo account in and waits for the page after it (named by `heading`); with
 * JavaScript on, until it has hydrated too.
 */
export async function signInDemo(page: Page, email: string, heading: string, javascript = true) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: heading })).toBeVisible();
  if (javascript) await hydrated(page);
}

/** Waits until the WebAssembly has hydrated the page (only with JavaScript on). */
export async function hydrated(page: Page) {
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
}

/** Visits a page, checks it loaded, hydrated and is accessible. */
export async function visit(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.ok(), `${url} answered ${response?.status()}`).toBeTruthy();
  await hydrated(page);
  await expectAccessible(page);
}

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.example.co.uk`;
}

function outboxDir() {
  const dataDir = process.env.OPENDPS_DATA_DIR ?? path.join(__dirname, "..", "..", "data");
  return path.join(dataDir, "outbox");
}

/** Undoes quoted-printable soft breaks and escapes, in case the mailer used them. */
function decode(eml: string) {
  return eml.replace(/=\r?\n/g, "").replace(/=3D/gi, "=");
}

/** The link to `pathname` in the newest email sent to `to`, read from the outbox folder. */
export async function linkFromEmail(to: string, pathname: string): Promise<string> {
  const pattern = new RegExp(`https?://[^\\s"<>]+${pathname.replace(/[-/]/g, "\\$&")}\\?token=[0-9a-f]{64}`);
  for (let i = 0; i < 100; i++) {
    const dir = outboxDir();
    const files = fs.existsSync(dir)
      ? fs.readdirSync(dir).map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)
      : [];
    for (const file of files) {
      const text = decode(fs.readFileSync(file, "utf8"));
      if (text.includes(`To: ${to}`)) {
        const match = text.match(pattern);
        if (match) return match[0];
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no email to ${to} with a ${pathname} link in ${outboxDir()}`);
}
