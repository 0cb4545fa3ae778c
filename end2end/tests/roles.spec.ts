import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("the role matrix shows a family's roles, filters by text and downloads as CSV", async ({ page }) => {
  await signIn(page, "tina@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Tina Tenant-Super" })).toBeVisible();
  await page.getByRole("link", { name: "Roles" }).click();
  await expect(page.getByRole("heading", { name: "Role permissions at a glance" })).toBeVisible();
  // Every family is there until one is chosen.
  await expect(page.getByTestId("family-print_partner")).toBeVisible();

  await page.getByTestId("family").selectOption("storefront");
  await page.getByLabel("Permission contains").fill("approve");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/family=storefront/);
  const table = page.getByTestId("family-storefront");
  await expect(table.getByRole("columnheader", { name: "Power User" })).toBeVisible();
  const row = table.getByRole("row", { name: /Approve print jobs/ });
  await expect(row).toContainText("own, own department");
  await expect(page.getByTestId("family-print_partner")).toHaveCount(0);
  await expect(table.getByRole("row")).toHaveCount(2); // the header and the one matching row

  const csv = await page.request.get("/roles.csv?family=storefront");
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("storefront,power_user,orders.approve");
});

test("the role matrix needs a signed-in person", async ({ page, request }) => {
  await page.goto("/roles");
  await expect(page).toHaveURL("/sign-in");
  const csv = await request.get("/roles.csv");
  expect(csv.status()).toBe(401);
});

test("a department manager sees only the members of their department and can search them", async ({ page }) => {
  await signIn(page, "dora@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Dora Department-Manager" })).toBeVisible();
  await page.getByRole("link", { name: "Members" }).click();
  const table = page.getByTestId("members");
  await expect(table.getByRole("row")).toHaveCount(4); // header + Cus, Dora, Paul
  await expect(table).toContainText("paul@acme.test");
  await expect(table).not.toContainText("cora@acme.test"); // Marketing
  await page.getByLabel("Name or e-mail").fill("paul");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=paul/);
  await expect(table.getByRole("row")).toHaveCount(2);
});

test("a customer has no members link and the list refuses them", async ({ page }) => {
  await signIn(page, "cus@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Cus Customer" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Members" })).toHaveCount(0);
  await page.goto("/members");
  await expect(page.getByRole("alert")).toHaveText("None of your roles lets you see other members.");
});
