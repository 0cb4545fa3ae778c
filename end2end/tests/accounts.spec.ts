import { expect, test } from "@playwright/test";
import { inviteTenantUser, mailedLink, ownAccount, ready, signIn } from "./helpers";

test("a tenant admin invites someone who accepts through the mailed link and then signs in", async ({ page, browser }) => {
  const email = `nina-${Date.now()}@acme.test`;
  await signIn(page, "tina@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Tina Tenant-Super" })).toBeVisible();
  await inviteTenantUser(page, email, "Nina New");
  await expect(page.getByTestId("invitations")).toContainText(email);

  const link = await mailedLink(browser, email);
  expect(link).toContain("/invitation?token=");

  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(link);
  await expect(invitee.getByTestId("invitation-offer")).toHaveText(
    "You are invited to Acme Print Buyers as Tenant User.",
  );
  await invitee.getByLabel("Your name").fill("Nina New");
  await invitee.getByLabel(/Choose a password/).fill("nina's long passphrase");
  await invitee.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(invitee.getByRole("heading", { name: "Welcome, Nina New" })).toBeVisible();

  // The link worked once.
  await invitee.goto(link);
  await expect(invitee.getByRole("alert")).toContainText("expired or was already used");

  // And the chosen password signs in.
  await invitee.getByTestId("sign-out").click();
  await expect(invitee).toHaveURL(/\/sign-in/);
  await signIn(invitee, email, "nina's long passphrase");
  await expect(invitee.getByRole("heading", { name: "Welcome, Nina New" })).toBeVisible();
});

test("suspending a member stops their open session, and reactivating lets them back in", async ({ page, browser }) => {
  // An account of the test's own: a suspended demo member would fail the tests signing it in meanwhile.
  const sue = await ownAccount(browser, "Sue");
  const member = await (await browser.newContext()).newPage();
  await signIn(member, sue.email, sue.password);
  await expect(member.getByRole("heading", { name: `Welcome, ${sue.name}` })).toBeVisible();

  await signIn(page, "tina@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto(`/members?q=${encodeURIComponent(sue.email)}`);
  await ready(page);
  const row = page.locator(`tr[data-member="${sue.email}"]`);
  await row.getByRole("button", { name: "Suspend" }).click();
  await expect(row.getByTestId("member-state")).toHaveText("suspended");

  await member.reload();
  await expect(member).toHaveURL(/\/sign-in/);
  await signIn(member, sue.email, sue.password);
  await expect(member.getByRole("alert")).toContainText("suspended");

  await row.getByRole("button", { name: "Reactivate" }).click();
  await expect(row.getByTestId("member-state")).toHaveText("active");
  await signIn(member, sue.email, sue.password);
  await expect(member.getByRole("heading", { name: `Welcome, ${sue.name}` })).toBeVisible();

  // The audit trail shows both, with who did it.
  await page.getByRole("link", { name: "Audit" }).click();
  await page.getByLabel("Person (e-mail)").fill(sue.email);
  await page.getByRole("button", { name: "Filter" }).click();
  const audit = page.getByTestId("audit");
  await expect(audit.getByRole("row", { name: /member\.suspended/ })).toContainText("tina@acme.test");
  await expect(audit.getByRole("row", { name: /member\.reactivated/ })).toBeVisible();
});

test("a forgotten password is replaced through the mailed link, which then dies", async ({ page, browser }) => {
  const april = await ownAccount(browser, "April");
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await ready(page);
  await page.getByLabel("E-mail address").fill(april.email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses that address");

  const link = await mailedLink(browser, april.email, /\/reset-password\?token=/);
  await page.goto(link);
  await page.getByLabel("New password").fill("april's brand new passphrase");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${april.name}` })).toBeVisible();

  await page.goto(link);
  await page.getByLabel("New password").fill("yet another passphrase!");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByRole("alert")).toContainText("expired or was already used");
});

test("the account page lists this session and signs out everywhere", async ({ page }) => {
  // Gina: no other test signs her in, so ending her sessions disturbs none.
  await signIn(page, "gina@globex.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Gina Tenant-Super" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByTestId("sessions")).toContainText("this one");
  await page.getByTestId("sign-out-everywhere").click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a platform admin signs in as a member with a reason, sees the banner, returns, and the audit names both", async ({ page }) => {
  await signIn(page, "admin@imprimatur.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/members?q=cora%40acme");
  await ready(page);
  const row = page.locator('tr[data-member="cora@acme.test"]');
  await row.getByLabel("Reason for signing in as this member").fill("Support ticket 4711");
  await row.getByRole("button", { name: "Sign in as" }).click();
  const banner = page.getByTestId("impersonation-banner");
  await expect(banner).toContainText("You are acting as Cora Customer-Plus");
  await expect(banner).toContainText("admin@imprimatur.test");
  await expect(page.getByRole("heading", { name: "Welcome, Cora Customer-Plus" })).toBeVisible();

  await banner.getByRole("button", { name: "Return to your own account" }).click();
  await expect(page.getByTestId("impersonation-banner")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();

  await page.getByRole("link", { name: "Audit" }).click();
  await page.getByLabel("Person (e-mail)").fill("cora@acme.test");
  await page.getByRole("button", { name: "Filter" }).click();
  const start = page.getByTestId("audit").getByRole("row", { name: /impersonation\.start/ });
  await expect(start).toContainText("admin@imprimatur.test");
  await expect(start).toContainText("Support ticket 4711");
});

test("a company manager checks a CSV file, sees the bad line, fixes it and imports the members", async ({ page }) => {
  const stamp = Date.now();
  await signIn(page, "carl@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByRole("link", { name: "Import members from CSV" }).click();
  await expect(page.getByRole("heading", { name: "Import members" })).toBeVisible();
  // The file is read in the browser: wait for the page to hydrate first.
  await ready(page);
  const bad = `email,name,department,role\nimp1-${stamp}@acme.test,Ida Import,Marketing,customer\nimp2-${stamp}@acme.test,Ivo Import,Nowhere,customer\n`;
  await page.getByLabel("CSV file").setInputFiles({ name: "members.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await expect(page.getByTestId("import-csv")).toHaveValue(bad);
  await page.getByRole("button", { name: "Check the file" }).click();
  const problems = page.getByTestId("import-problems");
  await expect(problems).toContainText("There is no department “Nowhere” in this company.");
  await expect(page.getByRole("alert")).toHaveText("1 of 2 lines have problems; nothing was imported.");

  await page.getByTestId("import-csv").fill(bad.replace("Nowhere", "Marketing"));
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2 members imported." })).toBeVisible();

  await page.goto(`/members?q=${stamp}`);
  const table = page.getByTestId("members");
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table).toContainText("inactive");
});
