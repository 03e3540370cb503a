import * as fs from "fs";
import * as path from "path";
import { expect, test, DEMO_PASSWORD, expectAccessible, hydrated } from "./support";

const COMMISSIONER = "commissioner@haringey.example.gov.uk"; // also an evaluator
const PROVIDER = "manager@oaktree.example.co.uk";

async function signIn(page, email: string, heading: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: heading })).toBeVisible();
}

async function signOut(page) {
  await page.getByRole("button", { name: "Sign out" }).click();
}

/** An email to `to` containing every one of `needles`, from the outbox folder. */
async function emailTo(to: string, ...needles: string[]): Promise<string> {
  const dir = path.join(process.env.OPENDPS_DATA_DIR ?? path.join(__dirname, "..", "..", "data"), "outbox");
  for (let i = 0; i < 100; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
    const found = files
      .map((f) => fs.readFileSync(f, "utf8").replace(/=\r?\n/g, ""))
      .find((text) => text.includes(`To: ${to}`) && needles.every((n) => text.includes(n)));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no email to ${to} with ${needles.join(", ")}`);
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

test("a provider applies with a PDF and a CQC registration, answers a clarification and is admitted to one lot of two", async ({ page }) => {
  const reference = `E2E-APP-${Date.now()}`;
  const title = `Home care DPS ${reference}`;

  // The commissioner sets up and opens a system with two lots.
  await signIn(page, COMMISSIONER, "Your council");
  await page.goto("/council/systems/new");
  await page.getByLabel("Reference").fill(reference);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("Home care and family support for children with complex health needs.");
  await page.getByLabel("Public Contracts Regulations 2015").check();
  await page.getByLabel("Type of system").selectOption("reg34_dps");
  await page.getByLabel("Start date").fill("2024-04-01");
  await page.getByLabel("Term in years").fill("2+1+1");
  await page.getByLabel("Quality weight").fill("60");
  await page.getByLabel("Price weight").fill("40");
  await page.getByRole("button", { name: "Create draft system" }).click();
  await expect(page.getByText("Draft system created")).toBeVisible();
  for (const [service, lot] of [["home_care", "Home care"], ["family_support", "Family support"]]) {
    await page.getByLabel("Service").selectOption(service);
    await page.getByLabel("Lot title").fill(lot);
    await page.getByRole("button", { name: "Add lot" }).click();
    await expect(page.getByText("Lot added.")).toBeVisible();
  }
  await page.getByLabel("Name").fill("Public liability insurance");
  await page.getByLabel("Expires, with a date the provider gives").check();
  await page.getByRole("button", { name: "Add evidence type" }).click();
  await expect(page.getByText("Evidence type added.")).toBeVisible();
  await page.getByLabel("Name").fill("CQC registration");
  await page.getByLabel("CQC registration: location ID and rating").check();
  await page.getByRole("group", { name: "Lots that need it" }).getByLabel("Lot 1: Home care").check();
  await page.getByRole("button", { name: "Add evidence type" }).click();
  await expect(page.getByText("Evidence type added.")).toBeVisible();
  await page.getByRole("link", { name: "Build the questionnaire" }).click();
  await page.getByLabel("Section title").fill("Safeguarding");
  await page.getByRole("button", { name: "Add section" }).click();
  await page.getByLabel("Question", { exact: true }).fill("Do all staff hold an enhanced DBS check?");
  await page.getByLabel("Yes or no").check();
  await page.getByLabel("Pass or fail, marked automatically").check();
  await page.getByLabel("Answers that pass").fill("yes");
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByText("Question added.")).toBeVisible();
  await page.getByLabel("Question", { exact: true }).fill("How do you support families in crisis?");
  await page.getByLabel("Text", { exact: true }).check();
  await page.getByLabel("Decided by an evaluator").check();
  await page.getByRole("group", { name: "Lots it applies to" }).getByLabel("Lot 2: Family support").check();
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByText("Question added.")).toBeVisible();
  await page.getByRole("link", { name: "Back to the system" }).click();
  await page.getByRole("button", { name: "Open to applications" }).click();
  await expect(page.getByText("The system is open to applications.")).toBeVisible();
  await signOut(page);

  // The provider keeps its evidence once, then applies.
  await signIn(page, PROVIDER, "Your organisation");
  await page.getByRole("link", { name: "Evidence library" }).click();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel("What is it?").fill("Public liability insurance");
  await page.getByLabel("Expiry date (optional)").fill("2030-03-31");
  await page.getByLabel("Upload a file").setInputFiles({ name: "insurance.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(page.getByText("Added to your evidence library.")).toBeVisible();
  await expect(page.getByRole("link", { name: /insurance\.pdf \(PDF/ })).toBeVisible();
  await page.getByLabel("Name of the home or service").fill("CQC registration");
  await page.getByLabel("CQC (home care, supported living, care homes)").check();
  await page.getByLabel("Ofsted URN or CQC location ID").fill("SC123456");
  await page.getByLabel("Latest overall rating").selectOption("good");
  await page.getByRole("button", { name: "Add registration" }).click();
  await expect(page.getByRole("alert")).toContainText("CQC location ID in the correct format");
  await expectAccessible(page);
  await page.getByLabel("Ofsted URN or CQC location ID").fill("1-123456789");
  await page.getByRole("button", { name: "Add registration" }).click();
  await expect(page.getByText("Added to your evidence library.")).toBeVisible();

  await page.goto("/systems");
  await page.getByRole("link", { name: title }).click();
  await page.getByRole("button", { name: "Start your application" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Lots applied for" }).click();
  await page.getByLabel("Lot 1: Home care (Home care)").check();
  await page.getByLabel("Lot 2: Family support (Family support)").check();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByText("Your answers have been saved.")).toBeVisible();
  await page.getByRole("link", { name: "Organisation details" }).click();
  await expectAccessible(page);
  await page.getByLabel("Companies House number").fill("01234567");
  await page.getByLabel("Registered address").fill("1 Dock Road, Liverpool L3 4AA");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("link", { name: "Safeguarding", exact: true }).click();
  await page.getByRole("group", { name: "Do all staff hold an enhanced DBS check?" }).getByLabel("Yes").check();
  await page.getByLabel("How do you support families in crisis?").fill("A key worker visits within two hours, day or night.");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("link", { name: "Evidence", exact: true }).click();
  // Chosen from the library, already attached where the name matches.
  await expect(page.getByLabel("Public liability insurance")).not.toHaveValue("");
  await page.getByLabel("CQC registration").selectOption({ label: "CQC registration: CQC location 1-123456789, Good" });
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.getByRole("link", { name: "Check your answers" }).click();
  await expect(page.getByText("Before you can submit")).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Accept and submit" }).click();
  await expect(page.getByRole("alert")).toContainText("Confirm that the information you have given is true");
  await page.getByLabel(/I declare, on behalf of my organisation/).check();
  await page.getByRole("button", { name: "Accept and submit" }).click();
  await expect(page.getByText("Application submitted.")).toBeVisible();
  await expect(page.getByText("Submitted: awaiting decision")).toBeVisible();
  await expectAccessible(page);
  const applicationUrl = page.url().split("?")[0];
  await signOut(page);

  // The evaluator asks a question.
  await signIn(page, COMMISSIONER, "Your council");
  await page.getByRole("link", { name: /applications awaiting a decision/ }).click();
  await expectAccessible(page);
  await page.getByRole("row", { name: new RegExp(reference) }).getByRole("link", { name: "Oak Tree Children's Homes Ltd" }).click();
  await expect(page.getByText("10 working days left")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Ask the provider a question").fill("Which areas of the borough do your key workers cover?");
  await page.getByRole("button", { name: "Send question" }).click();
  await expect(page.getByText("Question sent to the provider")).toBeVisible();
  const reviewUrl = page.url().split("?")[0];
  await signOut(page);

  // The provider is emailed and answers in the portal.
  const question = await emailTo(PROVIDER, "has a question about your application", reference);
  expect(question).toContain("Which areas of the borough");
  await signIn(page, PROVIDER, "Your organisation");
  await page.goto(applicationUrl);
  await page.getByLabel(/Which areas of the borough/).fill("All of Haringey, from two bases.");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Send answer" }).click();
  await expect(page.getByText("Your answer has been sent to the council.")).toBeVisible();
  await signOut(page);

  // The evaluator accepts the evidence, rejects the lot-2 answer and admits to lot 1.
  await signIn(page, COMMISSIONER, "Your council");
  await page.goto(reviewUrl);
  await expect(page.getByText("All of Haringey, from two bases.")).toBeVisible();
  for (const name of ["Public liability insurance", "CQC registration"]) {
    await page.getByRole("group", { name: `Does “${name}” meet the criterion?` }).getByLabel("Accept").check();
    await page.getByRole("group", { name: `Does “${name}” meet the criterion?` }).locator("xpath=../..").getByRole("button", { name: "Record evaluation" }).click();
    await expect(page.getByText("Evaluation recorded.")).toBeVisible();
  }
  const crisis = page.getByRole("group", { name: "Does “How do you support families in crisis?” meet the criterion?" });
  await crisis.getByLabel("Reject").check();
  await crisis.locator("xpath=../..").getByLabel("Reason for rejecting (told to the provider)").fill("No out-of-hours cover is described.");
  await crisis.locator("xpath=../..").getByRole("button", { name: "Record evaluation" }).click();
  await expect(page.getByText("Evaluation recorded.")).toBeVisible();
  // Rejecting the whole application is refused: lot 1 meets every criterion.
  await page.getByLabel("Reject the application").check();
  await page.getByRole("button", { name: "Record decision" }).click();
  await expect(page.getByRole("alert")).toContainText("admit them to each lot whose criteria they meet");
  await expectAccessible(page);
  await page.getByLabel("Admit to the lots ticked below").check();
  await expect(page.getByLabel(/Lot 1: Home care \(meets every criterion\)/)).toBeChecked();
  await expect(page.getByLabel("Reason told to the provider: How do you support families in crisis?")).toHaveValue("No out-of-hours cover is described.");
  await page.getByRole("button", { name: "Record decision" }).click();
  await expect(page.getByText("Decision recorded.")).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  // The provider sees both outcomes, and the email.
  const outcome = await emailTo(PROVIDER, "You have been admitted", reference);
  expect(outcome).toContain("Lot 1: Home care");
  expect(outcome).toContain("Lot 2: Family support");
  await signIn(page, PROVIDER, "Your organisation");
  await page.goto(applicationUrl);
  await expect(page.getByRole("heading", { name: "The council's decision" })).toBeVisible();
  await expect(page.getByText("Lot 1: Home care", { exact: true })).toBeVisible();
  await expect(page.getByText("No out-of-hours cover is described.")).toBeVisible();
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a provider applies from start to submission with plain form posts", async ({ page }) => {
    await signIn(page, "director@riverside.example.co.uk", "Your organisation");
    await page.goto("/systems");
    await page.getByRole("link", { name: /Home care, family support and family therapeutic support DPS/ }).click();
    await page.getByRole("button", { name: "Start your application" }).click();
    await expect(page.getByRole("link", { name: "Lots applied for" })).toBeVisible();
    await page.getByRole("link", { name: "Lots applied for" }).click();
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByRole("alert")).toContainText("Select at least one lot to apply for");
    await page.getByLabel(/^Lot 2: /).check();
    await page.getByRole("button", { name: "Save and continue" }).click();
    await page.getByRole("link", { name: "Organisation details" }).click();
    // Pre-filled from the organisation's passport (its earlier application).
    await expect(page.getByLabel("Companies House number")).not.toHaveValue("");
    await page.getByLabel("Companies House number").fill("12-34");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByRole("alert")).toContainText("company number in the correct format");
    await expect(page.getByLabel("Companies House number")).toHaveValue("12-34");
    await page.getByLabel("Companies House number").fill("07654321");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByText("Your answers have been saved.")).toBeVisible();
    for (const section of ["Organisation and eligibility", "Safeguarding"]) {
      await page.getByRole("link", { name: section, exact: true }).click();
      for (const group of await page.getByRole("group").all()) {
        const legend = await group.locator("legend").innerText();
        await group.getByLabel(legend.includes("convicted") ? "No" : "Yes").check();
      }
      for (const box of await page.locator("textarea").all()) {
        await box.fill("Eleven years of fostering placements with a named supervising social worker for every carer.");
      }
      await page.getByRole("button", { name: "Save and continue" }).click();
      await expect(page.getByText("Your answers have been saved.")).toBeVisible();
    }
    await page.getByRole("link", { name: "Check your answers" }).click();
    await expect(page.getByText("Before you can submit")).toHaveCount(0);
    await page.getByLabel(/I declare, on behalf of my organisation/).check();
    await page.getByRole("button", { name: "Accept and submit" }).click();
    await expect(page.getByText("Application submitted.")).toBeVisible();
    await expect(page.locator("html[data-hydrated]")).toHaveCount(0);
  });
});

test("the application list, a draft's task pages, the review queue and the council calendar are accessible", async ({ page }) => {
  await signIn(page, PROVIDER, "Your organisation");
  await page.getByRole("link", { name: "Your applications" }).click();
  await expect(page.getByRole("heading", { name: "Your applications" })).toBeVisible();
  await expect(page.getByText("Admitted", { exact: true }).first()).toBeVisible();
  await expectAccessible(page);
  // The demo draft: its lots page and its check page, which lists what is missing.
  await page.getByRole("link", { name: /North West Leaving Care/ }).click();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Lots applied for" }).click();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Back to your application" }).click();
  await page.getByRole("link", { name: "Check your answers" }).click();
  await expect(page.getByText("Before you can submit")).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, "admin@sefton.example.gov.uk", "Your council");
  await page.goto("/council/calendar");
  await expect(page.getByRole("cell", { name: "Christmas Day" }).first()).toBeVisible();
  await page.getByLabel("Decision period, in working days").fill("0");
  await page.getByRole("button", { name: "Save calendar" }).click();
  await expect(page.getByRole("alert")).toContainText("from 1 to 60");
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, "evaluator@sefton.example.gov.uk", "Your council");
  await page.goto("/council/reviews");
  await expect(page.getByRole("link", { name: "Riverside Fostering Agency" })).toBeVisible();
  await expectAccessible(page);
});
