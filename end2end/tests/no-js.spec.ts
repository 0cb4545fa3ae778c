import { expect, test } from "@playwright/test";
import { mailedLink, signIn } from "./helpers";

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

test("a reset link sets a new password without JavaScript", async ({ page, browser }) => {
  await page.goto("/forgot-password");
  await page.getByLabel("E-mail address").fill("junior@imprimatur.test");
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page).toHaveURL(/sent=1/);
  const link = await mailedLink(browser, "junior@imprimatur.test");
  await page.goto(link);
  await page.getByLabel("New password").fill("junior's brand new passphrase");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Jun Junior" })).toBeVisible();
});
