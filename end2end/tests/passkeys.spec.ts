import { expect, test } from "@playwright/test";
import { hydrated, inviteTenantUser, mailedLink, ownAccount, signIn, virtualAuthenticator } from "./helpers";

test("a member registers a passkey, then signs in with it and no password", async ({ page, browser }) => {
  // An account of the test's own: while a passkey is registered, every
  // password sign-in of its account asks for a second step.
  const kim = await ownAccount(browser, "Kim");
  await virtualAuthenticator(page);
  await signIn(page, kim.email, kim.password);
  await expect(page.getByRole("heading", { name: `Welcome, ${kim.name}` })).toBeVisible();
  await page.goto("/account");
  const name = page.getByLabel("Name for a new passkey");
  const add = page.getByRole("button", { name: "Add a passkey" });
  // Typing before the page has hydrated would not reach the button.
  await expect(async () => {
    await name.fill("");
    await name.fill("Test laptop");
    await expect(add).toBeEnabled({ timeout: 500 });
  }).toPass();
  await add.click();
  await expect(page.getByRole("status")).toContainText("Passkey “Test laptop” added.");
  await expect(page.getByTestId("passkeys")).toContainText("Test laptop");

  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await hydrated(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${kim.name}` })).toBeVisible();

  // The passkey shows when it was last used, and can be removed.
  await page.goto("/account");
  await expect(page.getByTestId("passkeys")).toContainText("last used");
  await page.getByTestId("passkeys").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByTestId("passkeys")).toHaveText("No passkeys yet.");
});

test("an invited person joins with a passkey instead of a password", async ({ page, browser }) => {
  const email = `pat-${Date.now()}@acme.test`;
  await signIn(page, "tina@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Tina Tenant-Super" })).toBeVisible();
  await inviteTenantUser(page, email, "Pat Passkey");
  const link = await mailedLink(browser, email);

  const invitee = await (await browser.newContext()).newPage();
  await virtualAuthenticator(invitee);
  await invitee.goto(link);
  const join = invitee.getByRole("button", { name: "Accept with a passkey instead" });
  await expect(join).toBeVisible();
  const name = invitee.getByLabel("Your name");
  await name.fill("Pat Passkey");
  await join.click();
  await expect(invitee.getByRole("heading", { name: "Welcome, Pat Passkey" })).toBeVisible();

  // The link worked once, and the passkey is how Pat signs in from now on.
  await invitee.goto(link);
  await expect(invitee.getByRole("alert")).toContainText("expired or was already used");
  await invitee.goto("/account");
  await expect(invitee.getByTestId("passkeys")).toContainText("Added when joining");
  await invitee.getByTestId("sign-out").click();
  await expect(invitee).toHaveURL(/\/sign-in/);
  await hydrated(invitee);
  await invitee.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(invitee.getByRole("heading", { name: "Welcome, Pat Passkey" })).toBeVisible();
});
