import * as fs from "fs";
import * as path from "path";
import { expect, test, expectAccessible, hydrated, signInDemo } from "./support";

// seed-demo admits Oak Tree, Brookside and Willow Lodge to lot 1 of Sefton's children's
// pseudo-DPS, a light-touch system: a same-day deadline is allowed.
const COMMISSIONER = "commissioner@sefton.example.gov.uk";
const APPROVER = "approver@sefton.example.gov.uk";
const OAK = "manager@oaktree.example.co.uk";
const WILLOW = "manager@willowlodge.example.co.uk";
const BROOKSIDE = "manager@brookside.example.co.uk";
const PERSON = "Taylor Playwright";

async function signOut(page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
}

/** The UK wall-clock date and time (YYYY-MM-DD, HH:MM) `minutes` from now, rounded up. */
function ukIn(minutes: number): [string, string, number] {
  const at = new Date(Math.ceil((Date.now() + minutes * 60_000) / 60_000) * 60_000);
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return [`${get("year")}-${get("month")}-${get("day")}`, `${get("hour")}:${get("minute")}`, at.getTime()];
}

function isoIn(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function emailArrives(to: string, subject: string) {
  const dir = path.join(process.env.OPENDPS_DATA_DIR ?? path.join(__dirname, "..", "..", "data"), "outbox");
  await expect
    .poll(() => {
      const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
      return files.some((f) => {
        const text = fs.readFileSync(path.join(dir, f), "utf8").replace(/=\r?\n/g, "");
        return text.includes(`To: ${to}`) && text.includes(subject);
      });
    }, { message: `an email to ${to} about ${subject}`, timeout: 30_000 })
    .toBe(true);
}

async function offer(page, reference: string, weekly: string, area: string) {
  await page.goto("/provider/requests");
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { name: `Placement request ${reference}` })).toBeVisible();
  await hydrated(page);
  await expect(page.getByText(PERSON)).toHaveCount(0);
  await expectAccessible(page);
  await page.getByLabel("Weekly price, in pounds", { exact: true }).fill(weekly);
  await page.getByLabel("What the price includes", { exact: true }).fill("Education on site and weekly therapy");
  await page.getByLabel("Date you could start", { exact: true }).fill(isoIn(0));
  await page.getByLabel("Area of the home or service", { exact: true }).fill(area);
  await page.getByLabel(/^Question 1:/).fill("Waking night staff and a safety plan agreed with her.");
  await page.getByLabel("Staffing ratio", { exact: true }).fill("2:1");
  await page.getByRole("button", { name: "Send the offer" }).click();
  await expect(page.getByText("Offer sent. You can revise or withdraw it until the deadline.")).toBeVisible();
  await expectAccessible(page);
}

test("a same-day request: two offers and a decline, scored after the deadline, approved with a cabinet reference, and everyone told", async ({ page, browser }) => {
  test.setTimeout(300_000);
  // The commissioner sends a same-day emergency request.
  await signInDemo(page, COMMISSIONER, "Your council");
  await page.getByRole("link", { name: "Placement requests" }).first().click();
  await expect(page.getByRole("heading", { name: "Placement requests", level: 1 })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Children and Young People's pseudo-DPS" }).click();
  await expect(page.getByRole("heading", { name: "Send a placement request" })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  const lot = page.getByLabel("Lot", { exact: true });
  const option = await lot.locator("option", { hasText: "Lot 1: Residential children's homes" }).getAttribute("value");
  await lot.selectOption(option!);
  await page.getByLabel("Today (emergency)").check();
  await page.getByLabel("Needs", { exact: true }).fill("Needs a calm, small home tonight with waking night staff.");
  await page.getByLabel("Going missing").check();
  await page.getByLabel("Preferred area", { exact: true }).fill("Sefton");
  await page.getByLabel("Type of placement", { exact: true }).fill("Residential children's home, solo");
  await page.getByLabel("Start date", { exact: true }).fill(isoIn(0));
  await page.getByLabel("End date, or the expected end", { exact: true }).fill(isoIn(363));
  await page.getByLabel("Quality questions for providers (optional)", { exact: true }).fill("How will you keep her safe at night?");
  const [day, time, deadline] = ukIn(2);
  await page.getByLabel("Date offers must arrive by", { exact: true }).fill(day);
  await page.getByLabel("Time offers must arrive by", { exact: true }).fill(time);
  await page.getByLabel("Full name", { exact: true }).fill(PERSON);
  await page.getByLabel("Date of birth", { exact: true }).fill("2012-05-01");
  await page.getByLabel("Current address", { exact: true }).fill("3 Example Street, Bootle L20 2AB");
  await page.getByLabel("Council reference", { exact: true }).fill("SEF-CIC-E2E");
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByText("Request sent to every eligible provider of the lot.")).toBeVisible();
  const heading = await page.getByRole("heading", { name: /^Placement request PR-/ }).textContent();
  const reference = heading!.replace("Placement request ", "").trim();
  const requestUrl = page.url().split("?")[0];
  await expect(page.getByText(/So far 0 offers have arrived and 0 declines of the 3 providers invited/)).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // Oak Tree and Willow Lodge offer; Brookside declines, without JavaScript.
  await signInDemo(page, OAK, "Your organisation");
  await offer(page, reference, "11000", "Southport, PR8");
  await signOut(page);
  await signInDemo(page, WILLOW, "Your organisation");
  await offer(page, reference, "11800", "Maghull, L31");
  await signOut(page);
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await plain.newPage();
  await signInDemo(noJs, BROOKSIDE, "Your organisation", false);
  await noJs.goto("/provider/requests");
  await noJs.getByRole("link", { name: reference }).click();
  await noJs.getByRole("button", { name: "Decline" }).click();
  // The error summary and the message by the field (axe is a script: not here).
  await expect(noJs.getByText("Choose why you are declining")).toHaveCount(2);
  await noJs.getByLabel("No capacity").check();
  await noJs.getByRole("button", { name: "Decline" }).click();
  await expect(noJs.getByText(/^Declined\. The council has been told/)).toBeVisible();
  await plain.close();

  // Sealed: the commissioner sees only how many arrived, until the deadline.
  await signInDemo(page, COMMISSIONER, "Your council");
  await page.goto(requestUrl);
  await hydrated(page);
  await expect(page.getByText(/So far 2 offers have arrived and 1 decline of the 3 providers invited/)).toBeVisible();
  await expect(page.getByText("£11,000")).toHaveCount(0);
  await expectAccessible(page);
  await page.waitForTimeout(Math.max(0, deadline - Date.now() + 1_000));
  await page.reload();
  await hydrated(page);
  await expect(page.getByText("Closed for evaluation")).toBeVisible();

  // The commissioner reads and scores each offer on its own page.
  for (const [provider, mark] of [["Oak Tree Children's Homes Ltd", "5"], ["Willow Lodge Care Ltd", "3"]]) {
    await page.getByRole("table", { name: "Offers to read and mark" }).getByRole("link", { name: provider }).click();
    await expect(page.getByRole("heading", { name: `Offer from ${provider}` })).toBeVisible();
    await hydrated(page);
    await page.getByLabel("Mark for question 1, from 0 to 5").selectOption(mark);
    await page.getByLabel("Comment on the answer to question 1").fill("Specific to her needs.");
    await page.getByRole("button", { name: `Save marks for ${provider}` }).click();
    await expect(page.getByText("Marks saved.")).toBeVisible();
    await hydrated(page);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Back to the request" }).click();
    await hydrated(page);
  }
  const ranking = page.getByRole("table", { name: "Ranking (out of 100)" });
  await expect(ranking.getByRole("row", { name: /^1 Oak Tree Children's Homes Ltd/ })).toBeVisible();
  await expect(page.getByText(/at or above the cabinet threshold, so an approver awards/)).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // An approver awards it, with the cabinet decision's reference.
  await signInDemo(page, APPROVER, "Your council");
  await page.goto(requestUrl);
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Award and tell every bidder" }).click();
  await expect(page.getByRole("link", { name: "Enter the cabinet decision reference" })).toBeVisible();
  await page.getByLabel("Cabinet decision reference", { exact: true }).fill("CAB-2026-117");
  await page.getByRole("button", { name: "Award and tell every bidder" }).click();
  await expect(page.getByText("Awarded. Every bidder has been told the outcome.")).toBeVisible();
  await expect(page.getByText("Contract can be entered from")).toBeVisible();
  await expectAccessible(page);
  await signOut(page);
  await emailArrives(WILLOW, `Outcome of placement request ${reference}`);

  // The winner sees the person; the loser sees its score and the winning score only.
  await signInDemo(page, OAK, "Your organisation");
  await page.goto("/provider/requests");
  await page.getByRole("link", { name: reference }).click();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Your offer was chosen" })).toBeVisible();
  await expect(page.getByText(PERSON)).toBeVisible();
  await expectAccessible(page);
  await signOut(page);
  await signInDemo(page, WILLOW, "Your organisation");
  await page.goto("/provider/requests");
  await page.getByRole("link", { name: reference }).click();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Your offer was not chosen" })).toBeVisible();
  await expect(page.getByText(/^Your offer scored [\d.]+ out of 100\. The winning offer scored [\d.]+\.$/)).toBeVisible();
  await expect(page.getByText(PERSON)).toHaveCount(0);
  await expect(page.getByText("£11,000")).toHaveCount(0);
  await expectAccessible(page);
});
