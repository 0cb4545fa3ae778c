import { expect, test } from "@playwright/test";
import { mailedLink, ready, signIn } from "./helpers";

test("a tenant admin gives a member a role, the member's navigation follows, and takes it away again", async ({ page, browser }) => {
  const member = await (await browser.newContext()).newPage();
  await signIn(member, "ute@acme.test");
  await expect(member.getByRole("heading", { name: "Welcome, Ute Tenant-User" })).toBeVisible();
  await expect(member.getByRole("link", { name: "Members" })).toHaveCount(0);

  await signIn(page, "tina@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/members?q=ute%40acme");
  await page.getByRole("link", { name: "Ute Tenant-User" }).click();
  await ready(page);
  await expect(page.getByTestId("member-roles")).toContainText("Tenant User in Acme Print Buyers");
  await page.getByTestId("assign-grant").selectOption({ label: "Tenant Admin — Acme Print Buyers" });
  await page.getByRole("button", { name: "Give the role" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role given." })).toBeVisible();
  await expect(page.getByTestId("member-roles")).toContainText("Tenant Admin in Acme Print Buyers");

  await member.reload();
  await expect(member.getByRole("link", { name: "Members" })).toBeVisible();

  const admin = page.getByTestId("member-roles").getByRole("listitem").filter({ hasText: "Tenant Admin in" });
  await admin.getByRole("button", { name: "Take away" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The role was taken away." })).toBeVisible();
  await member.reload();
  await expect(member.getByRole("link", { name: "Members" })).toHaveCount(0);
});

test("demoting the last Tenant Super Admin is refused in the page and by a direct call", async ({ page }) => {
  await signIn(page, "admin@imprimatur.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/members?q=tina%40acme");
  await page.getByRole("link", { name: "Tina Tenant-Super" }).click();
  await ready(page);
  const row = page.getByTestId("member-roles").getByRole("listitem").filter({ hasText: "Tenant Super Admin in" });
  await row.getByRole("button", { name: "Take away" }).click();
  await expect(page.getByRole("alert")).toContainText("A company needs at least one active Tenant Super Admin at all times.");
  await expect(page.getByTestId("member-roles")).toContainText("Tenant Super Admin in Acme Print Buyers");

  // The same through the server function directly, as any script could.
  const id = await row.locator('input[name="assignment_id"]').getAttribute("value");
  const res = await page.request.post("/api/remove_role", {
    form: { assignment_id: id ?? "" },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(res.status()).toBe(409);
});

test("a company manager adds a department, invites someone into it, changes their role, and their navigation follows", async ({ page, browser }) => {
  const stamp = Date.now();
  const department = `Studio ${stamp}`;
  const email = `studio-${stamp}@acme.test`;
  await signIn(page, "carl@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Members" }).click();
  await ready(page);
  await page.getByTestId("department-name").fill(department);
  await page.getByRole("button", { name: "Add department" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Department “${department}” added.` })).toBeVisible();

  await page.getByTestId("invite-email").fill(email);
  await page.getByTestId("invite-name").fill("Stu Studio");
  await page.getByTestId("invite-grant").selectOption({ label: `Customer — Acme Print Buyers / ${department}` });
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${email}.` })).toBeVisible();

  const link = await mailedLink(browser, email);
  const member = await (await browser.newContext()).newPage();
  await member.goto(link);
  await member.getByLabel("Your name").fill("Stu Studio");
  await member.getByLabel(/Choose a password/).fill("stu's long passphrase");
  await member.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(member.getByRole("heading", { name: "Welcome, Stu Studio" })).toBeVisible();
  await expect(member.getByRole("link", { name: "Members" })).toHaveCount(0);

  await page.goto(`/members?q=${stamp}`);
  await page.getByRole("link", { name: "Stu Studio" }).click();
  await ready(page);
  await expect(page.getByTestId("member-roles")).toContainText(`Customer in Acme Print Buyers / ${department}`);
  await page.getByTestId("assign-grant").selectOption({ label: `Department Manager — Acme Print Buyers / ${department}` });
  await page.getByRole("button", { name: "Give the role" }).click();
  await expect(page.getByTestId("member-roles")).toContainText(`Department Manager in Acme Print Buyers / ${department}`);
  const customer = page.getByTestId("member-roles").getByRole("listitem").filter({ hasText: "Customer in" });
  await customer.getByRole("button", { name: "Take away" }).click();
  await expect(page.getByTestId("member-roles").getByRole("listitem")).toHaveCount(1);

  await member.reload();
  await expect(member.getByRole("link", { name: "Members" })).toBeVisible();
  await member.getByRole("link", { name: "Members" }).click();
  await expect(member.getByTestId("members")).toContainText("Stu Studio");
});

test("the access checker shows why a power user may approve a colleague's job in their department", async ({ page }) => {
  await signIn(page, "tina@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Access" }).click();
  await ready(page);
  await expect(page.getByRole("heading", { name: "Check access" })).toBeVisible();
  await page.getByTestId("access-member").selectOption({ label: "Paul Power-User (paul@acme.test)" });
  await page.getByTestId("access-permission").selectOption({ label: "Approve print jobs" });
  await page.getByLabel("someone else's item in their department").check();
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("access-answer")).toHaveText(
    "Allowed by Power User in Acme Print Buyers / Sales (in their department).",
  );
  await expect(page.getByTestId("access-effective")).toContainText("Power User in Acme Print Buyers / Sales");

  await page.getByTestId("access-member").selectOption({ label: "Cus Customer (cus@acme.test)" });
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("access-answer")).toContainText("Denied");
});

test("a tenant admin puts a member into a department and takes them out again", async ({ page }) => {
  await signIn(page, "tom@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/members?q=clara%40acme");
  await page.getByRole("link", { name: "Clara Company-Administrator" }).click();
  await ready(page);
  const marketing = page.getByTestId("member-departments").getByRole("listitem").filter({ hasText: "Acme Print Buyers / Marketing" });
  await expect(marketing).toContainText("not a member");
  await marketing.getByRole("button", { name: "Put in" }).click();
  await expect(marketing).toContainText("— member");
  await marketing.getByRole("button", { name: "Take out" }).click();
  await expect(marketing).toContainText("not a member");
});
