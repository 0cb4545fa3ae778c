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
