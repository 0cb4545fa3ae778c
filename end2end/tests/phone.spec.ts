import { expect, test, type Page } from "@playwright/test";
import { ready, signIn } from "./helpers";

async function fitsTheScreen(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("on a phone the page fits the screen without sideways scrolling", async ({ page }) => {
  await signIn(page, "carl@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Carl Company-Manager" })).toBeVisible();
  await fitsTheScreen(page);
  const button = await page.getByTestId("sign-out").boundingBox();
  expect(button?.height ?? 0).toBeGreaterThanOrEqual(32);
});

test("on a phone the storefront, print jobs, approvals, quotes and the public shop fit the screen", async ({ page }) => {
  await page.goto("/store/shoply");
  await ready(page);
  await expect(page.getByTestId("product").first()).toBeVisible();
  await fitsTheScreen(page);
  const add = await page.getByRole("button", { name: "Add to cart" }).first().boundingBox();
  expect(add?.height ?? 0).toBeGreaterThanOrEqual(32);

  await signIn(page, "paul@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  for (const [path, heading] of [
    ["/shop", "Storefront"],
    ["/jobs", "Print jobs"],
    ["/approvals", "Approvals"],
    ["/quotes", "Quotes"],
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    await fitsTheScreen(page);
  }
});

test("on a phone the quote manager, the products page and the publication types fit the screen", async ({ page }) => {
  await signIn(page, "admin@imprimatur.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/quote-manager");
  await expect(page.getByRole("heading", { name: "Quote manager", exact: true })).toBeVisible();
  await fitsTheScreen(page);
  await page.goto("/products");
  await expect(page.getByTestId("managed-product").first()).toBeVisible();
  await fitsTheScreen(page);
  await page.goto("/publication-types");
  await expect(page.getByTestId("department").first()).toBeVisible();
  await fitsTheScreen(page);
});
