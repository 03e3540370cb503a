import * as fs from "fs";
import * as path from "path";
import { expect, test, DEMO_PASSWORD, expectAccessible, hydrated } from "./support";

// Seeded by seed-demo: admitted to lots 1 and 2 of Haringey's DPS a year ago, with
// insurance that has since lapsed, so the sweep has suspended it from both.
const PROVIDER = "manager@northgate.example.co.uk";
const COMMISSIONER = "commissioner@haringey.example.gov.uk"; // also an evaluator
const INSURANCE = "Employers' and public liability insurance (at least £5 million each)";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

async function signIn(page, email: string, heading: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: heading })).toBeVisible();
  await hydrated(page);
}

async function signOut(page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
}

/** Whether an email to `to` with `subject` is in the outbox folder yet. */
async function emailArrives(to: string, subject: string) {
  const dir = path.join(process.env.OPENDPS_DATA_DIR ?? path.join(__dirname, "..", "..", "data"), "outbox");
  await expect
    .poll(() => {
      const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
      return files.some((f) => {
        const text = fs.readFileSync(path.join(dir, f), "utf8").replace(/=\r?\n/g, "");
        return text.includes(`To: ${to}`) && text.includes(subject);
      });
    }, { message: `an email to ${to} about ${subject}` })
    .toBe(true);
}

test("a provider suspended for lapsed insurance sends a replacement; the evaluator accepts it and the suspension goes on both sides", async ({ page }) => {
  // The provider sees the warning on its dashboard and the reason on its compliance page.
  await signIn(page, PROVIDER, "Your organisation");
  const attention = page.getByRole("region", { name: "Needs your attention" });
  await expect(attention).toContainText("Suspended from Lot 1: Home care and Lot 2: Family support");
  await expect(attention).toContainText(`${INSURANCE} for Home care, family support`);
  await expectAccessible(page);
  await attention.getByRole("link", { name: "See your compliance and send what is needed" }).click();
  await expect(page.getByRole("heading", { name: "Compliance", exact: true })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  const lots = page.getByRole("table", { name: /^Lots of Home care, family support/ });
  await expect(lots.getByRole("row", { name: /Lot 1: Home care Suspended/ })).toContainText("insurance");
  await expect(lots.getByRole("row", { name: /Lot 2: Family support Suspended/ })).toBeVisible();
  await expect(page.getByText(/^Expired on /)).toBeVisible();

  // A current certificate goes into the library, then to the council.
  await page.getByRole("link", { name: "Add a current item to your evidence library" }).first().click();
  await hydrated(page);
  const renewed = `Insurance certificate ${new Date().getFullYear() + 1}`;
  await page.getByLabel("What is it?").fill(renewed);
  await page.getByLabel("Expiry date (optional)").fill(`${new Date().getFullYear() + 1}-11-30`);
  await page.getByLabel("Upload a file").setInputFiles({ name: "insurance-renewed.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(page.getByText("Added to your evidence library.")).toBeVisible();
  await page.goto("/provider/compliance");
  await hydrated(page);
  const replacement = page.getByLabel(`Replacement for ${INSURANCE}`);
  const choice = await replacement.locator("option", { hasText: renewed }).getAttribute("value");
  await replacement.selectOption(choice!);
  await page.locator("form", { has: replacement }).getByRole("button", { name: "Send to the council" }).click();
  await expect(page.getByText("Sent to the council to check.")).toBeVisible();
  await expect(page.getByText(renewed).first()).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // The evaluator finds it on the system's compliance page and accepts it.
  await signIn(page, COMMISSIONER, "Your council");
  await page.getByRole("link", { name: "Compliance of HAR-DPS-2024" }).click();
  await expect(page.getByRole("heading", { name: /^Compliance: Home care, family support/ })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await expect(page.getByRole("heading", { name: "Northgate Home Care Ltd: Lot 1: Home care" })).toBeVisible();
  const pending = page.locator(".criterion", { has: page.getByRole("heading", { name: `Northgate Home Care Ltd: ${INSURANCE}` }) });
  await expect(pending.getByRole("link", { name: renewed })).toBeVisible();
  await pending.getByLabel(/^Accept: it becomes the accepted item/).check();
  await pending.getByRole("button", { name: "Record decision" }).click();
  await expect(page.getByText("Decision recorded and the provider told.")).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Northgate Home Care Ltd: Lot/ })).toHaveCount(0);
  await expectAccessible(page);
  await signOut(page);
  await emailArrives(PROVIDER, "Suspension lifted");

  // The provider is admitted again in both lots and has nothing left to do.
  await signIn(page, PROVIDER, "Your organisation");
  await expect(page.getByRole("region", { name: "Needs your attention" })).toHaveCount(0);
  await page.goto("/provider/compliance");
  await hydrated(page);
  await expect(lots.getByRole("row", { name: /Lot 1: Home care Admitted/ })).toBeVisible();
  await expect(lots.getByRole("row", { name: /Lot 2: Family support Admitted/ })).toBeVisible();
  await expect(page.getByText(renewed).first()).toBeVisible();
  await expectAccessible(page);
});
