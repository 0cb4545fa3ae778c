import { expect, test } from "@playwright/test";
import { mailedLink, ownAccount, signIn, totp } from "./helpers";

// This project runs with JavaScript switched off: plain HTML forms only.

test("the sign-in page works without JavaScript: sign in, see the home page, sign out", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  // The show-password button needs the WASM bundle, so it is not there.
  await expect(page.getByTestId("reveal-password")).toHaveCount(0);
  await signIn(page, "paul@acme.test");
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { name: "Welcome, Paul Power-User" })).toBeVisible();
  await expect(page.getByTestId("roles")).toContainText("Power User in Sales");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("a wrong password shows the error without JavaScript", async ({ page }) => {
  await signIn(page, "paul@acme.test", "wrong password");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("alert")).toHaveText("The e-mail address or the password is not right.");
});

test("the home page sends a visitor who is not signed in to sign in", async ({ page }) => {
  const response = await page.goto("/");
  await expect(page).toHaveURL("/sign-in");
  expect(response?.status()).toBe(200);
});

test("the role matrix filters without JavaScript", async ({ page }) => {
  await signIn(page, "tina@acme.test");
  await page.goto("/roles");
  await page.getByTestId("family").selectOption("tenant");
  await page.getByLabel("Permission contains").fill("settings");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/family=tenant/);
  const table = page.getByTestId("family-tenant");
  await expect(table.getByRole("row", { name: /View and edit their tenant/ })).toBeVisible();
  await expect(page.getByTestId("family-storefront")).toHaveCount(0);
});

test("asking for a new password works without JavaScript and says the same for any address", async ({ page }) => {
  await page.goto("/forgot-password");
  await page.getByLabel("E-mail address").fill("nobody-at-all@acme.test");
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page).toHaveURL(/sent=1/);
  await expect(page.getByRole("status")).toContainText("If an account uses that address");
});

// The two tests below change an account's password or second factor: each
// on an account of its own (set up in a browser with JavaScript), never on a
// demo account that other tests sign in with the demo password alone.

test("a reset link sets a new password without JavaScript", async ({ page, browser }) => {
  const jun = await ownAccount(browser, "Jun");
  await page.goto("/forgot-password");
  await page.getByLabel("E-mail address").fill(jun.email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page).toHaveURL(/sent=1/);
  const link = await mailedLink(browser, jun.email, /\/reset-password\?token=/);
  await page.goto(link);
  await page.getByLabel("New password").fill("jun's brand new passphrase");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${jun.name}` })).toBeVisible();
});

test("the second step of a sign-in works without JavaScript, wrong code included", async ({ page, baseURL, browser }) => {
  const wes = await ownAccount(browser, "Wes");
  await signIn(page, wes.email, wes.password);
  await expect(page.getByRole("heading", { name: `Welcome, ${wes.name}` })).toBeVisible();
  // Setting up the app needs JavaScript; here the test calls the server functions itself.
  const headers = { origin: baseURL! };
  const setup = await (await page.request.post("/api/totp_setup_start", { headers })).json();
  const finished = await page.request.post("/api/totp_setup_finish", { headers, form: { code: totp(setup.secret) } });
  expect(finished.status()).toBe(200);

  await page.getByTestId("sign-out").click();
  await signIn(page, wes.email, wes.password);
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  await page.getByLabel("Code").fill("000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toContainText("That code is not right");
  await page.getByLabel("Code").fill(totp(setup.secret, 1));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${wes.name}` })).toBeVisible();
});
