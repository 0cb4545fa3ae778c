import { expect, test } from "@playwright/test";
import { ready, signIn } from "./helpers";

test("a junior admin adds a product for Sales with job fields, a Sales customer sees it and its fields, and once switched off nobody does", async ({ page, browser }) => {
  const name = `Roll-up banner ${Date.now()}`;
  await signIn(page, "junior@imprimatur.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Products" }).click();
  await ready(page);
  const add = page.getByTestId("new-product");
  await add.getByText("Add a product").click();
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Publication type").fill("Marketing material");
  await add.getByLabel("Description").fill("85 × 200 cm, with a stand.");
  // A price that is not one is refused, and the form keeps what was typed.
  await add.getByLabel("Price per copy").fill("cheap");
  await add.getByLabel("Built for").selectOption({ label: "Acme Print Buyers — Sales" });
  await add.getByLabel("Options and job fields (one a line)").fill("Banner text*\nStand: None | Chrome +15");
  await add.getByRole("button", { name: "Add the product" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Give the price per copy as a number" })).toBeVisible();
  await expect(add.getByLabel("Name")).toHaveValue(name);
  await add.getByLabel("Price per copy").fill("89.50");
  await add.getByRole("button", { name: "Add the product" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Product #\d+ is saved/ })).toBeVisible();
  const row = page.getByTestId("managed-product").filter({ hasText: name });
  await expect(row).toContainText("€89.50 a copy · Acme Print Buyers · Sales · printed to order");

  const cus = await (await browser.newContext()).newPage();
  await signIn(cus, "cus@acme.test");
  await expect(cus.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await cus.goto("/shop");
  await ready(cus);
  const offered = cus.getByTestId("product").filter({ hasText: name });
  await expect(offered).toBeVisible();
  await expect(offered.getByLabel("Banner text (required)")).toBeVisible();
  await expect(offered.getByLabel("Stand").locator("option")).toHaveText(["None", "Chrome (+€15.00 a copy)"]);

  // Switched off: the storefront no longer offers it.
  await row.getByText("Change").click();
  await row.getByLabel("Offered in the storefront").uncheck();
  await row.getByRole("button", { name: "Save the product" }).click();
  await expect(page.getByTestId("managed-product").filter({ hasText: name })).toContainText("switched off");
  await cus.reload();
  await ready(cus);
  await expect(cus.getByTestId("products")).toBeVisible();
  await expect(cus.getByTestId("product").filter({ hasText: name })).toHaveCount(0);
});
