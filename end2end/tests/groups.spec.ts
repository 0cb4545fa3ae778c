import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("a tenant admin makes a member group, puts a member in it, gives it a role, and deletes it", async ({ page, browser }) => {
  const group = `Proofreaders ${Date.now()}`;
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

  await card.getByTestId("group-member-email").fill("cora@acme.test");
  await card.getByRole("button", { name: "Put in the group" }).click();
  await expect(card.getByTestId("group-members")).toContainText("cora@acme.test");

  // Administrator roles are never offered to a group.
  const grant = card.getByTestId("group-grant");
  await expect(grant.locator("option", { hasText: "Tenant Admin" })).toHaveCount(0);
  await grant.selectOption({ label: "Tenant User — Acme Print Buyers" });
  await card.getByRole("button", { name: "Give the group this role" }).click();
  await expect(card.getByTestId("group-roles")).toContainText("Tenant User in Acme Print Buyers");

  const member = await (await browser.newContext()).newPage();
  await signIn(member, "cora@acme.test");
  await expect(member.getByTestId("roles")).toContainText(`through the group “${group}”`);

  // The member's page shows the role and the group it comes through.
  await page.goto("/members?q=cora%40acme");
  await page.getByRole("link", { name: "Cora Customer-Plus" }).click();
  await expect(page.getByTestId("member-group-roles")).toContainText(`Tenant User in Acme Print Buyers (through the group “${group}”)`);
  await page.goto(groupsPage);

  await card.getByRole("button", { name: "Delete the group" }).click();
  await expect(card).toHaveCount(0);
  await member.reload();
  await expect(member.getByTestId("roles")).toBeVisible();
  await expect(member.getByTestId("roles")).not.toContainText(group);
});
