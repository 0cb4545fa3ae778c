import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, hydrated, signIn, totp, virtualAuthenticator } from "./helpers";

/** Set up the authenticator app on the page showing the set-up button; its secret. */
async function setUpAuthenticatorApp(page: Page): Promise<string> {
  const start = page.getByRole("button", { name: "Set up an authenticator app" });
  // A click before hydration would do nothing; try until the QR code shows.
  await expect(async () => {
    await start.click();
    await expect(page.getByTestId("totp-secret")).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expect(page.locator(".qr svg")).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("The six digits the app shows for Imprimatur").fill(totp(secret));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  return secret;
}

test("a member sets up an authenticator app, then signs in with password and code", async ({ page }) => {
  await signIn(page, "cliff@globex.test");
  await expect(page.getByRole("heading", { name: "Welcome, Cliff Client-User" })).toBeVisible();
  await page.goto("/account");
  const secret = await setUpAuthenticatorApp(page);
  const recovery = (await page.getByTestId("recovery-codes").locator("li").first().textContent())!.trim();
  const another = (await page.getByTestId("recovery-codes").locator("li").nth(1).textContent())!.trim();
  await page.getByRole("button", { name: "I have saved them — continue" }).click();
  await expect(page.getByTestId("totp-state")).toHaveText("set up");
  await expect(page.getByTestId("recovery-left")).toHaveText("10");

  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, "cliff@globex.test");
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  await page.getByTestId("second-factor-code").fill("000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toContainText("That code is not right");
  // The next step's code: the one that confirmed the app never works twice.
  await page.getByTestId("second-factor-code").fill(totp(secret, 1));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Cliff Client-User" })).toBeVisible();

  // A recovery code stands in for the phone, once.
  await page.getByTestId("sign-out").click();
  await signIn(page, "cliff@globex.test");
  await page.getByTestId("second-factor-code").fill(recovery);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Cliff Client-User" })).toBeVisible();
  await page.goto("/account");
  await expect(page.getByTestId("recovery-left")).toHaveText("9");

  // Signing in from a public shop comes back to it after the second step.
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/sign-in?next=/store/shoply");
  await page.getByLabel("E-mail address").fill("cliff@globex.test");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\/second-factor\?next=\/store\/shoply$/);
  await page.getByTestId("second-factor-code").fill(another);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/store\/shoply$/);
  await expect(page.getByRole("heading", { name: /Shoply/ }).first()).toBeVisible();
});

test("a company requires a second factor, and its member sets one up at sign-in", async ({ page, browser }) => {
  await signIn(page, "simon@shoply.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Security" }).click();
  const row = page.getByTestId("second-factor-rules").getByRole("row", { name: /Shoply/ });
  await expect(row).toContainText("optional");
  await row.getByRole("button", { name: "Require" }).click();
  await expect(row).toContainText("required");

  const member = await (await browser.newContext()).newPage();
  await signIn(member, "pia@shoply.test");
  await expect(member).toHaveURL(/\/sign-in\/second-factor/);
  await expect(member.getByRole("heading", { name: "Set up a second factor" })).toBeVisible();
  await expect(member.getByText(/requires a second factor of its members/)).toBeVisible();
  await setUpAuthenticatorApp(member);
  await member.getByRole("button", { name: "I have saved them — continue" }).click();
  await expect(member.getByRole("heading", { name: "Welcome, Pia Public-Customer" })).toBeVisible();

  // Back to optional, so the demo company stays as it was.
  await row.getByRole("button", { name: "Make optional" }).click();
  await expect(row).toContainText("optional");
});

test("a passkey is the second step after the password", async ({ page }) => {
  // Mia: no other test signs her in, and her passkey makes every later sign-in two-step.
  await virtualAuthenticator(page);
  await signIn(page, "mia@northwind.test");
  await expect(page.getByRole("heading", { name: /Welcome, Mia/ })).toBeVisible();
  await page.goto("/account");
  const name = page.getByLabel("Name for a new passkey");
  const add = page.getByRole("button", { name: "Add a passkey" });
  await expect(async () => {
    await name.fill("");
    await name.fill("Phone");
    await expect(add).toBeEnabled({ timeout: 500 });
  }).toPass();
  await add.click();
  await expect(page.getByTestId("passkeys")).toContainText("Phone");

  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await hydrated(page);
  await signIn(page, "mia@northwind.test");
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  await page.getByRole("button", { name: "Use a passkey instead" }).click();
  await expect(page.getByRole("heading", { name: /Welcome, Mia/ })).toBeVisible();
});
