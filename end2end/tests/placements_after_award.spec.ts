import { expect, test, expectAccessible, hydrated, signInDemo } from "./support";

// seed-demo awards Brookside a block of 20 hours a week in Sefton's children's
// pseudo-DPS, 15 of them guaranteed at 5% off, starting 10 days ago, and records the
// hours of its weeks so far (one of them short of the guarantee).
const BROOKSIDE = "manager@brookside.example.co.uk";
const COMMISSIONER = "commissioner@sefton.example.gov.uk";
const ADMIN = "admin@sefton.example.gov.uk";

/** Opens Brookside's block from its dashboard; axe needs JavaScript, so it checks only then. */
async function openBlock(page, javascript: boolean) {
  const ready = async () => {
    if (javascript) {
      await hydrated(page);
      await expectAccessible(page);
    }
  };
  await page.getByRole("link", { name: "Your placements" }).click();
  await expect(page.getByRole("heading", { name: "Your placements", level: 1 })).toBeVisible();
  await ready();
  await page.getByRole("link", { name: /block of hours/ }).click();
  await expect(page.getByRole("heading", { name: "Hours delivered" })).toBeVisible();
  await ready();
}

test("a block's provider records a week's hours, with and without JavaScript, and the council sees them", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signInDemo(page, BROOKSIDE, "Your organisation");
  await openBlock(page, true);
  await expect(page.getByText("20 hours a week at £27.50 an hour; 15 of them guaranteed at 5.00% off")).toBeVisible();
  await expect(page.getByText("2.5 hours guaranteed not used")).toBeVisible();

  // A typing slip: the message by the field and in the summary, nothing recorded.
  const week = page.getByLabel("Week", { exact: true });
  const newest = await week.locator("option").first().textContent();
  await page.getByLabel("Hours delivered", { exact: true }).fill("18.3");
  await page.getByRole("button", { name: "Record the hours" }).click();
  await expect(page.getByRole("link", { name: "Enter hours in quarter hours, like 12 or 7.25" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Hours delivered", { exact: true }).fill("18");
  await page.getByRole("button", { name: "Record the hours" }).click();
  await expect(page.getByText("Hours recorded.")).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`${newest} 18 hours`) })).toBeVisible();
  await expectAccessible(page);

  // Without JavaScript the same form is a plain post: the oldest week corrected.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await plain.newPage();
  await signInDemo(noJs, BROOKSIDE, "Your organisation", false);
  await openBlock(noJs, false);
  const oldest = await noJs.getByLabel("Week", { exact: true }).locator("option").last().getAttribute("value");
  const oldestLabel = await noJs.getByLabel("Week", { exact: true }).locator("option").last().textContent();
  await noJs.getByLabel("Week", { exact: true }).selectOption(oldest!);
  await noJs.getByLabel("Hours delivered", { exact: true }).fill("");
  await noJs.getByRole("button", { name: "Record the hours" }).click();
  await expect(noJs.getByText("There is a problem")).toBeVisible();
  await noJs.getByLabel("Hours delivered", { exact: true }).fill("15");
  await noJs.getByRole("button", { name: "Record the hours" }).click();
  await expect(noJs.getByText("Hours recorded.")).toBeVisible();
  await expect(noJs.getByRole("row", { name: new RegExp(`${oldestLabel} 15 hours`) })).toBeVisible();
  await plain.close();

  // The commissioner sees the same weeks on the placement, with no form to change them.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signInDemo(page, COMMISSIONER, "Your council");
  await page.goto("/council/placements");
  await hydrated(page);
  await expectAccessible(page);
  // The list filters by how each placement was made, and downloads what it shows.
  await page.getByLabel("How it was made").selectOption("spot");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/route=spot/);
  await expect(page.getByRole("row", { name: /Brookside/ })).toHaveCount(0);
  await page.getByLabel("How it was made").selectOption("competition");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/route=competition/);
  await hydrated(page);
  const report = page.getByRole("link", { name: "Download these placements (CSV)" });
  await expect(report).toHaveAttribute("href", /route=competition/);
  const csv = await (await page.request.get((await report.getAttribute("href"))!)).text();
  expect(csv).toMatch(/^request,system,lot,provider,how it was made,justification/);
  expect(csv).toContain("Brookside");
  await page.getByRole("row", { name: /Brookside/ }).getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Hours delivered" })).toBeVisible();
  await hydrated(page);
  // (A placement whose first week is its only one over has one row, corrected last.)
  if (newest !== oldestLabel) {
    await expect(page.getByRole("row", { name: new RegExp(`${newest} 18 hours`) })).toBeVisible();
  }
  await expect(page.getByRole("row", { name: new RegExp(`${oldestLabel} 15 hours`) })).toBeVisible();
  await expect(page.getByRole("button", { name: "Record the hours" })).toHaveCount(0);
  await expectAccessible(page);
});

test("the council admin sets how long the person's details are kept", async ({ page }) => {
  await signInDemo(page, ADMIN, "Your council");
  await page.goto("/council/requests");
  await hydrated(page);
  await page.getByRole("link", { name: "Keeping the person's details" }).click();
  await expect(page.getByRole("heading", { name: "Keeping the person's details", level: 1 })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel("Months to keep the details after a placement ends").fill("0");
  await page.getByRole("button", { name: "Save the period" }).click();
  await expect(page.getByRole("link", { name: "Enter a whole number of months from 1 to 120" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Months to keep the details after a placement ends").fill("24");
  await page.getByRole("button", { name: "Save the period" }).click();
  await expect(page.getByText("Retention period saved.")).toBeVisible();
  await expect(page.getByText(/erased 24 months after the placement ends/)).toBeVisible();
  await expectAccessible(page);
});

test("a commissioner erases a person's details at once, with a reason", async ({ page }) => {
  await signInDemo(page, COMMISSIONER, "Your council");
  await page.goto("/council/requests");
  // The demo's transition request (Riley, awaiting adult social care's sign-off).
  const requests = await page
    .locator("table a[href^='/council/requests/']")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  let found = false;
  for (const href of requests) {
    await page.goto(href);
    if ((await page.getByText("Adult social care must sign it off before award").count()) > 0) {
      found = true;
      break;
    }
  }
  expect(found, "the demo's transition request").toBe(true);
  await page.getByRole("link", { name: "Show the person's details" }).click();
  await expect(page.getByText("Riley Demo")).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Erase the details" }).click();
  await expect(page.getByRole("link", { name: "Enter why the details are being erased" })).toBeVisible();
  await expect(page.getByText("Riley Demo")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Why are you erasing them?").fill("Made in error: a duplicate of another referral");
  await page.getByRole("button", { name: "Erase the details" }).click();
  await expect(page.getByText("The person's details have been erased.")).toBeVisible();
  await expect(page.getByText("Riley Demo")).toHaveCount(0);
  await expect(page.getByText(/Reason: Made in error: a duplicate of another referral/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Erase the details" })).toHaveCount(0);
  await expectAccessible(page);
});
