import { expect, test, DEMO_PASSWORD, expectAccessible, uniqueEmail, visit } from "./support";

async function signIn(page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a council admin invites a user with roles and reads the audit log", async ({ page }) => {
  await signIn(page, "admin@sefton.example.gov.uk");
  await expect(page.getByRole("heading", { name: "Your council" })).toBeVisible();
  await expectAccessible(page);

  const email = uniqueEmail("officer");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Evaluator").check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Invitation sent")).toBeVisible();
  await expect(page.getByRole("cell", { name: email, exact: true })).toBeVisible();

  await page.getByRole("link", { name: `Change roles of ${email}` }).click();
  await expect(page.getByRole("heading", { name: /Change roles of/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Approver").check();
  await page.getByRole("button", { name: "Save roles" }).click();
  await expect(page.getByText("Roles changed.")).toBeVisible();

  await page.getByRole("link", { name: "Failed background work" }).click();
  await expect(page.getByRole("heading", { name: "Failed background work" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Back to your council" }).click();

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "roles_changed" }).first()).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Action").selectOption("user_invited");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=user_invited/);
  await expect(page.getByRole("cell", { name: "roles_changed" })).toHaveCount(0);
});

test("an evaluator cannot open the audit log and a provider cannot open council pages", async ({ page }) => {
  await signIn(page, "evaluator@sefton.example.gov.uk");
  await expect(page.getByRole("heading", { name: "Your council" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  const audit = await page.goto("/council/audit");
  expect(audit?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, "manager@oaktree.example.co.uk");
  await expect(page.getByRole("heading", { name: "Your organisation" })).toBeVisible();
  const council = await page.goto("/council");
  expect(council?.status()).toBe(403);
});
