import { expect, test } from "@playwright/test";
import { ownAccount, signIn } from "./helpers";

test("a tenant admin makes a member group, puts a member in it, gives it a role, and deletes it", async ({ page, browser }) => {
  const group = `Proofreaders ${Date.now()}`;
  // An account of the test's own: while in the group, a member holds its
  // role, which would change what a shared demo member sees in other tests.
  const gus = await ownAccount(browser, "Gus", { grant: "Customer — Acme Print Buyers / Marketing", by: "carl@acme.test" });
  await signIn(page, "tom@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Tom Tenant-Admin" })).toBeVisible();
  await page.getByRole("link", { name: "Companies" }).click();
  await page.getByTestId("companies").getByRole("row", { name: /Acme Print Buyers/ }).getByRole("link", { name: "Groups" }).click();
  await expect(page.getByRole("heading", { name: "Member groups of Acme Print Buyers" })).toBeVisible();
  const groupsPage = page.url();

  await page.getByTestId("group-name").fill(group);
  await page.getByRole("button", { name: "Add group" }).click();
  const card = page.getByRole("article", { name: group });
  await expect(card).toBeVisible();

  await card.getByTestId("group-member-email").fill(gus.email);
  await card.getByRole("button", { name: "Put in the group" }).click();
  await expect(card.getByTestId("group-members")).toContainText(gus.email);

  // Administrator roles are never offered to a group.
  const grant = card.getByTestId("group-grant");
  await expect(grant.locator("option", { hasText: "Tenant Admin" })).toHaveCount(0);
  await grant.selectOption({ label: "Tenant User — Acme Print Buyers" });
  await card.getByRole("button", { name: "Give the group this role" }).click();
  await expect(card.getByTestId("group-roles")).toContainText("Tenant User in Acme Print Buyers");

  const member = await (await browser.newContext()).newPage();
  await signIn(member, gus.email, gus.password);
  await expect(member.getByTestId("roles")).toContainText(`through the group “${group}”`);

  // The member's page shows the role and the group it comes through.
  await page.goto(`/members?q=${encodeURIComponent(gus.email)}`);
  await page.getByRole("link", { name: gus.name }).click();
  await expect(page.getByTestId("member-group-roles")).toContainText(`Tenant User in Acme Print Buyers (through the group “${group}”)`);
  await page.goto(groupsPage);

  await card.getByRole("button", { name: "Delete the group" }).click();
  await expect(card).toHaveCount(0);
  await member.reload();
  await expect(member.getByTestId("roles")).toBeVisible();
  await expect(member.getByTestId("roles")).not.toContainText(group);
});
