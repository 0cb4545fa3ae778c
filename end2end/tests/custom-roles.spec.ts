import { expect, test } from "@playwright/test";
import { inviteTenantUser, mailedLink, ready, signIn } from "./helpers";

test("a tenant admin builds a role, gives it to a member, and sees who loses what before changing it", async ({ page, browser }) => {
  const stamp = Date.now();
  const role = `Member helper ${stamp}`;
  const email = `hal-${stamp}@acme.test`;
  await signIn(page, "tom@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Tom Tenant-Admin" })).toBeVisible();

  // A new member who cannot see other members yet.
  await inviteTenantUser(page, email, "Hal Helper");
  const member = await (await browser.newContext()).newPage();
  await member.goto(await mailedLink(browser, email));
  await member.getByLabel("Your name").fill("Hal Helper");
  await member.getByLabel(/Choose a password/).fill("hal's long passphrase");
  await member.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(member.getByRole("heading", { name: "Welcome, Hal Helper" })).toBeVisible();
  await expect(member.getByRole("link", { name: "Members" })).toHaveCount(0);

  // The picker offers what Tom holds and says why the rest cannot be granted.
  await page.getByRole("link", { name: "Companies" }).click();
  await page.getByTestId("companies").getByRole("row", { name: /Acme Print Buyers/ }).getByRole("link", { name: "Custom roles" }).click();
  await expect(page.getByRole("heading", { name: "Custom roles of Acme Print Buyers" })).toBeVisible();
  const rolesPage = page.url();
  const newRole = page.getByRole("button", { name: "New role" });
  // A click before hydration would do nothing: wait for it, then click once
  // (clicking until the editor opens raced the click before).
  await ready(page);
  await newRole.click();
  await expect(page.getByTestId("role-editor")).toBeVisible();
  const editor = page.getByTestId("role-editor");
  await editor.getByTestId("role-name").fill(role);
  await editor.getByTestId("role-family").selectOption({ label: "Tenant" });
  const settings = editor.getByRole("checkbox", { name: /View and edit their tenant's settings/ });
  await expect(settings).toBeDisabled();
  await expect(editor.locator("label.choice", { hasText: "View and edit their tenant's settings" })).toContainText("you do not hold it");
  await editor.getByRole("checkbox", { name: "See users (within the scope of the role)" }).check();
  await editor.getByRole("button", { name: "Review the change" }).click();
  await expect(editor.getByTestId("role-review")).toContainText("Nobody holds a new role yet");
  await editor.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Role “${role}” saved.` })).toBeVisible();
  const row = page.getByTestId("custom-roles").getByRole("row", { name: new RegExp(role) });
  await expect(row).toContainText("0 member(s)");

  // Given like any role; the member's navigation follows.
  await page.goto(`/members?q=hal-${stamp}`);
  await page.getByRole("link", { name: "Hal Helper" }).click();
  await page.getByTestId("assign-grant").selectOption({ label: `${role} — Acme Print Buyers` });
  await page.getByRole("button", { name: "Give the role" }).click();
  await expect(page.getByTestId("member-roles")).toContainText(`${role} in Acme Print Buyers`);
  await member.reload();
  await expect(member.getByRole("link", { name: "Members" })).toBeVisible();

  // Changing the role shows, before saving, that Hal loses seeing users.
  await page.goto(rolesPage);
  await expect(row).toContainText("1 member(s)");
  await ready(page);
  await row.getByRole("button", { name: "Edit" }).click();
  await expect(page.getByTestId("role-editor")).toBeVisible();
  await editor.getByRole("checkbox", { name: "See users (within the scope of the role)" }).uncheck();
  await editor.getByRole("checkbox", { name: "Resend a user their credentials (within the scope of the role)" }).check();
  await editor.getByRole("button", { name: "Review the change" }).click();
  const review = editor.getByTestId("role-review");
  await expect(review).toContainText("Hal Helper");
  await expect(review).toContainText("gains: Resend a user their credentials");
  await expect(review).toContainText("loses: See users");
  await editor.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Role “${role}” saved.` })).toBeVisible();
  await member.reload();
  await expect(member.getByRole("heading", { name: "Welcome, Hal Helper" })).toBeVisible();
  await expect(member.getByRole("link", { name: "Members" })).toHaveCount(0);

  // Not deleted while Hal holds it.
  await page.getByTestId("custom-roles").getByRole("row", { name: new RegExp(role) }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("alert")).toContainText("take it away from them first");
});

test("a tenant admin invites a new member with the company's own role, and it is theirs once they accept", async ({ page, browser }) => {
  const stamp = Date.now();
  const role = `Invited helper ${stamp}`;
  const email = `ivy-${stamp}@acme.test`;
  await signIn(page, "tom@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Tom Tenant-Admin" })).toBeVisible();
  // The role itself, built as on the custom roles page (its own test above).
  const acme = (await (await page.request.post("/api/list_companies", { headers: { origin: new URL(page.url()).origin } })).json())
    .find((c: { slug: string }) => c.slug === "acme").id;
  const saved = await page.request.post("/api/save_custom_role", {
    headers: { origin: new URL(page.url()).origin },
    data: { company_id: acme, role: { id: null, name: role, family: "tenant", grants: ["portal.access@8", "users.view@8"] } },
  });
  expect(saved.status()).toBe(200);

  await page.getByRole("link", { name: "Members" }).click();
  await page.getByTestId("invite-email").fill(email);
  await page.getByTestId("invite-name").fill("Ivy Invited");
  await page.getByTestId("invite-grant").selectOption({ label: `${role} — Acme Print Buyers` });
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${email}.` })).toBeVisible();
  await expect(page.getByTestId("invitations")).toContainText(role);

  const member = await (await browser.newContext()).newPage();
  await member.goto(await mailedLink(browser, email));
  await expect(member.locator("strong", { hasText: role })).toBeVisible();
  await member.getByLabel("Your name").fill("Ivy Invited");
  await member.getByLabel(/Choose a password/).fill("ivy's long passphrase");
  await member.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(member.getByRole("heading", { name: "Welcome, Ivy Invited" })).toBeVisible();
  await expect(member.getByTestId("roles")).toContainText(`${role} in Acme Print Buyers`);
  await expect(member.getByRole("link", { name: "Members" })).toBeVisible();
});
