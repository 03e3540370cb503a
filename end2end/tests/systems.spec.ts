import { expect, test, DEMO_PASSWORD, expectAccessible, hydrated } from "./support";

async function signIn(page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your council" })).toBeVisible();
}

async function fillDetails(page, reference: string, startDate: string) {
  await page.getByLabel("Reference").fill(reference);
  await page.getByLabel("Title").fill(`Home care DPS ${reference}`);
  await page.getByLabel("Description").fill("Home care and family support for children with complex health needs.");
  await page.getByLabel("Public Contracts Regulations 2015").check();
  await page.getByLabel("Type of system").selectOption("reg34_dps");
  await page.getByLabel("Start date").fill(startDate);
  await page.getByLabel("Term in years").fill("2+1+1");
  await page.getByLabel("Estimated value in pounds (optional)").fill("7,200,000");
  await page.getByLabel("Quality weight").fill("60");
  await page.getByLabel("Price weight").fill("40");
}

test("a commissioner creates a system with two lots and a questionnaire and opens it to the public", async ({ page }) => {
  await signIn(page, "commissioner@haringey.example.gov.uk");
  await page.getByRole("link", { name: "Purchasing systems" }).click();
  await expect(page.getByRole("heading", { name: "Purchasing systems" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Create a purchasing system" }).click();
  await hydrated(page);
  await expectAccessible(page);

  const reference = `E2E-${Date.now()}`;
  // A Regulation 34 DPS started after the Act is refused beside its field, values kept.
  await fillDetails(page, reference, "2025-06-01");
  await page.getByRole("button", { name: "Create draft system" }).click();
  await expect(page.getByRole("alert")).toContainText("must have started before 24 February 2025");
  await expect(page.getByLabel("Reference")).toHaveValue(reference);
  await expectAccessible(page);
  await page.getByLabel("Start date").fill("2024-04-01");
  await page.getByRole("button", { name: "Create draft system" }).click();
  await expect(page.getByText("Draft system created")).toBeVisible();
  await expect(page.getByText("31 March 2028")).toBeVisible();
  await expectAccessible(page);

  for (const [service, title] of [["home_care", "Home care"], ["family_support", "Family support"]]) {
    await page.getByLabel("Service").selectOption(service);
    await page.getByLabel("Lot title").fill(title);
    await page.getByRole("button", { name: "Add lot" }).click();
    await expect(page.getByText("Lot added.")).toBeVisible();
  }
  await expect(page.getByRole("cell", { name: "Lot 2: Family support" })).toBeVisible();

  await page.getByLabel("Name").fill("CQC registration");
  await page.getByLabel("CQC registration: location ID and rating").check();
  await page.getByRole("group", { name: "Lots that need it" }).getByLabel("Lot 1: Home care").check();
  await page.getByRole("button", { name: "Add evidence type" }).click();
  await expect(page.getByText("Evidence type added.")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Lot 1", exact: true })).toBeVisible();

  // Opening needs a questionnaire.
  await page.getByRole("button", { name: "Open to applications" }).click();
  await expect(page.getByRole("alert")).toContainText("Add at least one selection question");

  await page.getByRole("link", { name: "Build the questionnaire" }).click();
  await expectAccessible(page);
  await page.getByLabel("Section title").fill("Safeguarding");
  await page.getByRole("button", { name: "Add section" }).click();
  await expect(page.getByText("Section added.")).toBeVisible();
  await page.getByLabel("Question", { exact: true }).fill("Do all staff hold an enhanced DBS check?");
  await page.getByLabel("Yes or no").check();
  await page.getByLabel("Pass or fail, marked automatically").check();
  await page.getByLabel("Answers that pass").fill("yes");
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByText("Question added.")).toBeVisible();
  await expect(page.getByText("Yes or no; pass/fail, passing: yes; mandatory; All lots")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Back to the system" }).click();
  await page.getByRole("button", { name: "Open to applications" }).click();
  await expect(page.getByText("The system is open to applications.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Change details" })).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto("/systems");
  await expectAccessible(page);
  await page.getByRole("link", { name: `Home care DPS ${reference}` }).click();
  await expect(page.getByRole("heading", { name: `Home care DPS ${reference}` })).toBeVisible();
  await expect(page.getByText("Do all staff hold an enhanced DBS check?")).toBeVisible();
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the system form reports problems beside the fields and keeps what was typed", async ({ page }) => {
    await signIn(page, "commissioner@haringey.example.gov.uk");
    await page.goto("/council/systems/new");
    await fillDetails(page, `NOJS-${Date.now()}`, "2024-04-01");
    await page.getByLabel("Price weight").fill("30");
    await page.getByRole("button", { name: "Create draft system" }).click();
    await expect(page.getByRole("alert")).toContainText("must add up to 100. They add up to 90");
    await expect(page.getByLabel("Term in years")).toHaveValue("2+1+1");
    await expect(page.getByLabel("Type of system")).toHaveValue("reg34_dps");
    // axe is a script, so it cannot run here; the same page is checked with JS on.
    await expect(page.locator("html[data-hydrated]")).toHaveCount(0);
  });
});

test("a council outside a system's consortium is refused its page", async ({ page }) => {
  await signIn(page, "commissioner@haringey.example.gov.uk");
  await page.goto("/council/systems");
  await expect(page.getByRole("link", { name: /Home care, family support/ })).toBeVisible();
  const href = await page.getByRole("link", { name: /Home care, family support/ }).getAttribute("href");
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, "commissioner@staffordshire.example.gov.uk");
  const response = await page.goto(href!);
  expect(response?.status()).toBe(403);
  await expectAccessible(page);
});
