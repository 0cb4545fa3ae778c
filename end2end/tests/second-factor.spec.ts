import { expect, test, type Page } from "@playwright/test";
import { acceptInvitation, freshEmail, hydrated, invite, ownAccount, ready, signIn, totp, virtualAuthenticator } from "./helpers";

/** Set up the authenticator app on the page showing the set-up button; its secret. */
async function setUpAuthenticatorApp(page: Page): Promise<string> {
  // A click before hydration would do nothing. Clicking again until the QR
  // code shows raced the answer: the button is disabled while the set-up
  // starts and then replaced, so a second click waited for it forever.
  await ready(page);
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByTestId("totp-secret")).toBeVisible();
  await expect(page.locator(".qr svg")).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("The six digits the app shows for Imprimatur").fill(totp(secret));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  return secret;
}

// Every test here gives an account a second factor: each on an account of
// its own, new for every attempt, so that no other test's password sign-in
// meets a second step and a retry starts from an account without one.

test("a member sets up an authenticator app, then signs in with password and code", async ({ page, browser }) => {
  const cliff = await ownAccount(browser, "Cliff");
  await signIn(page, cliff.email, cliff.password);
  await expect(page.getByRole("heading", { name: `Welcome, ${cliff.name}` })).toBeVisible();
  await page.goto("/account");
  const secret = await setUpAuthenticatorApp(page);
  const recovery = (await page.getByTestId("recovery-codes").locator("li").first().textContent())!.trim();
  const another = (await page.getByTestId("recovery-codes").locator("li").nth(1).textContent())!.trim();
  await page.getByRole("button", { name: "I have saved them — continue" }).click();
  await expect(page.getByTestId("totp-state")).toHaveText("set up");
  await expect(page.getByTestId("recovery-left")).toHaveText("10");

  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, cliff.email, cliff.password);
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  await page.getByTestId("second-factor-code").fill("000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toContainText("That code is not right");
  // The next step's code: the one that confirmed the app never works twice.
  await page.getByTestId("second-factor-code").fill(totp(secret, 1));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${cliff.name}` })).toBeVisible();

  // A recovery code stands in for the phone, once.
  await page.getByTestId("sign-out").click();
  await signIn(page, cliff.email, cliff.password);
  await page.getByTestId("second-factor-code").fill(recovery);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${cliff.name}` })).toBeVisible();
  await page.goto("/account");
  await expect(page.getByTestId("recovery-left")).toHaveText("9");

  // Signing in from a public shop comes back to it after the second step.
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/sign-in?next=/store/shoply");
  await page.getByLabel("E-mail address").fill(cliff.email);
  await page.getByLabel("Password", { exact: true }).fill(cliff.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\/second-factor\?next=\/store\/shoply$/);
  await page.getByTestId("second-factor-code").fill(another);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/store\/shoply$/);
  await expect(page.getByRole("heading", { name: /Shoply/ }).first()).toBeVisible();
});

test("a company requires a second factor, and its member sets one up at sign-in", async ({ page, browser }) => {
  // A company of the test's own: while a demo company required a second
  // factor, every member of it signing in elsewhere would be stopped to set one up.
  test.slow();
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const company = `Vault ${stamp}`;
  await signIn(page, "admin@imprimatur.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Companies" }).click();
  await expect(page.getByTestId("companies")).toContainText("Acme Print Buyers");
  await ready(page);
  const vera = { email: freshEmail("Vera", "vault.test"), name: "Vera Vault-Super" };
  await page.getByTestId("company-name").fill(company);
  await page.getByTestId("company-slug").fill(`vault-${stamp}`);
  await page.getByTestId("company-family").selectOption("storefront");
  await page.getByTestId("company-admin-email").fill(vera.email);
  await page.getByTestId("company-admin-name").fill(vera.name);
  await page.getByRole("button", { name: "Create the company" }).click();
  await expect(page.getByRole("status")).toContainText(`${company} created; ${vera.email} is invited as Tenant Super Admin.`);

  const admin = await acceptInvitation(browser, vera.email, vera.name, "vera's long passphrase");
  const pia = { email: freshEmail("Pia", "vault.test"), name: "Pia Vault-User", password: "pia's long passphrase" };
  await invite(admin, pia.email, pia.name, `Tenant User — ${company}`);
  await (await acceptInvitation(browser, pia.email, pia.name, pia.password)).context().close();

  await admin.getByRole("link", { name: "Security" }).click();
  await ready(admin);
  const row = admin.getByTestId("second-factor-rules").getByRole("row", { name: new RegExp(company) });
  await expect(row).toContainText("optional");
  await row.getByRole("button", { name: "Require" }).click();
  await expect(row).toContainText("required");

  const member = await (await browser.newContext()).newPage();
  await signIn(member, pia.email, pia.password);
  await expect(member).toHaveURL(/\/sign-in\/second-factor/);
  await expect(member.getByRole("heading", { name: "Set up a second factor" })).toBeVisible();
  await expect(member.getByText(/requires a second factor of its members/)).toBeVisible();
  await setUpAuthenticatorApp(member);
  await member.getByRole("button", { name: "I have saved them — continue" }).click();
  await expect(member.getByRole("heading", { name: `Welcome, ${pia.name}` })).toBeVisible();

  // And back to optional.
  await row.getByRole("button", { name: "Make optional" }).click();
  await expect(row).toContainText("optional");
});

test("a passkey is the second step after the password", async ({ page, browser }) => {
  const mia = await ownAccount(browser, "Mia");
  await virtualAuthenticator(page);
  await signIn(page, mia.email, mia.password);
  await expect(page.getByRole("heading", { name: `Welcome, ${mia.name}` })).toBeVisible();
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
  await signIn(page, mia.email, mia.password);
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  await page.getByRole("button", { name: "Use a passkey instead" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${mia.name}` })).toBeVisible();
});
