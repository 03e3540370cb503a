import { expect, test, expectAccessible, linkFromEmail, PASSWORD, uniqueEmail, visit } from "./support";

test("public pages are accessible", async ({ page }) => {
  for (const url of ["/", "/sign-in", "/sign-up", "/forgotten-password", "/accessibility", "/privacy"]) {
    await visit(page, url);
  }
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectAccessible(page);
});

test("a provider signs up, confirms, signs in, invites a colleague and signs out", async ({ page }) => {
  const email = uniqueEmail("admin");
  const colleague = uniqueEmail("colleague");
  await visit(page, "/");
  await page.getByRole("link", { name: "Create an account for your organisation" }).click();
  await expect(page.getByRole("heading", { name: "Create an account for your organisation" })).toBeVisible();
  await page.getByLabel("Organisation name").fill(`Journey Homes ${Date.now()}`);
  await page.getByLabel("Your full name").fill("Jo Journey");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Create a password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expectAccessible(page);

  await visit(page, await linkFromEmail(email, "/verify-email"));
  await page.getByRole("button", { name: "Confirm email address" }).click();
  await expect(page.getByText("Your email address is confirmed")).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your organisation" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Jo Journey/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Colleague's email address").fill(colleague);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Invitation sent")).toBeVisible();
  await expect(page.getByRole("cell", { name: colleague, exact: true })).toBeVisible();
  await expectAccessible(page);
  const invitation = await linkFromEmail(colleague, "/accept-invitation");
  await page.getByRole("link", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { name: "Change your password" })).toBeVisible();
  await expectAccessible(page);
  await visit(page, invitation);
  await expect(page.getByRole("heading", { name: "Accept your invitation" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "You have signed out" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/provider");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("bad input shows an error summary, messages beside fields and keeps the values", async ({ page }) => {
  await visit(page, "/sign-up");
  await page.getByLabel("Organisation name").fill("Typo Care");
  await page.getByLabel("Email address").fill("not-an-email");
  await page.getByLabel("Create a password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  const summary = page.getByRole("alert");
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  // Keyboard and screen-reader users land on the list of problems.
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link", { name: "Enter your full name" })).toHaveAttribute("href", "#full_name");
  await expect(summary.getByRole("link", { name: /correct format/ })).toBeVisible();
  await expect(page.locator("#password-error")).toContainText("12 characters or more");
  await expect(page.getByLabel("Organisation name")).toHaveValue("Typo Care");
  await expect(page.getByLabel("Email address")).toHaveValue("not-an-email");
  // Hydrated: the form was sent without leaving the page.
  await expect(page).toHaveURL(/\/sign-up$/);
  await expectAccessible(page);
});

test("a forgotten password is reset by email link", async ({ page }) => {
  const email = uniqueEmail("forgetful");
  // Register through the pages, then forget.
  await page.goto("/sign-up");
  await page.getByLabel("Organisation name").fill(`Forgetful Care ${Date.now()}`);
  await page.getByLabel("Your full name").fill("Fran Forgetful");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Create a password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(await linkFromEmail(email, "/verify-email"));
  await page.getByRole("button", { name: "Confirm email address" }).click();
  await expect(page.getByText("Your email address is confirmed")).toBeVisible();

  await page.getByRole("link", { name: "I have forgotten my password" }).click();
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expectAccessible(page);

  await visit(page, await linkFromEmail(email, "/reset-password"));
  await page.getByLabel("New password", { exact: true }).fill("a-new-memorable-phrase");
  await page.getByLabel("Confirm new password").fill("a-new-memorable-phrase");
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByText("Your password has been reset")).toBeVisible();
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill("a-new-memorable-phrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your organisation" })).toBeVisible();
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("a provider signs up, confirms and signs in with plain form posts", async ({ page }) => {
    const email = uniqueEmail("nojs");
    // axe is a script, so it cannot run here; the same pages are checked with JS on.
    await page.goto("/sign-up");
    // A bad submission first: the server re-renders the form with its errors.
    await page.getByLabel("Organisation name").fill(`No Script Care ${Date.now()}`);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
    await expect(page.locator("html[data-hydrated]")).toHaveCount(0);
    // The typed values travel in a one-time cookie, never in the address bar.
    await expect(page).toHaveURL(/\/sign-up$/);
    await expect(page.getByLabel("Organisation name")).toHaveValue(/No Script Care/);
    await expect(page.locator("#full_name-error")).toContainText("Enter your full name");

    await page.getByLabel("Your full name").fill("Nat NoScript");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Create a password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

    await page.goto(await linkFromEmail(email, "/verify-email"));
    await page.getByRole("button", { name: "Confirm email address" }).click();
    await expect(page.getByText("Your email address is confirmed")).toBeVisible();
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Your organisation" })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("heading", { name: "You have signed out" })).toBeVisible();
  });
});
