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

test("on a phone a page of another module downloads its chunk when first visited and works, and so does the way back to the storefront", async ({ page }) => {
  const title = `Chunked flyer ${Date.now()}`;
  const wasm: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith(".wasm")) wasm.push(path);
  });
  await signIn(page, "cus@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Shop" }).click();
  const card = page.getByTestId("product").filter({ has: page.getByRole("heading", { name: "Sales flyer A5" }) });
  await expect(card).toBeVisible();
  await ready(page);
  await card.getByLabel("What to print").fill(title);
  await card.getByLabel("Copies").fill("250");
  await card.getByRole("button", { name: "Order", exact: true }).click();
  const placed = page.getByRole("status").filter({ hasText: /Order #\d+ placed/ });
  await expect(placed).toBeVisible();
  const id = ((await placed.textContent()) ?? "").match(/#(\d+)/)?.[1] ?? "";

  // The print jobs are the shop module's pages: a chunk the storefront did not need.
  const storefrontOnly = new Set(wasm);
  await page.getByRole("link", { name: "My print jobs" }).click();
  await expect(page).toHaveURL(/\/jobs$/);
  const job = page.getByTestId("order").filter({ hasText: `#${id}` });
  await expect(job.getByTestId("status")).toHaveText("Waiting for approval");
  expect(wasm.filter((path) => !storefrontOnly.has(path)), "the jobs page loaded a chunk of its own").not.toHaveLength(0);
  await job.getByRole("button", { name: "Put on hold" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The job is now: on hold." })).toBeVisible();
  await expect(job.getByTestId("status")).toHaveText("On hold");

  // Back to the storefront, in the page's own history, and it still works.
  await page.goBack();
  await expect(page).toHaveURL(/\/shop$/);
  await expect(card).toBeVisible();
  await card.getByLabel("What to print").fill(`${title}, again`);
  await card.getByLabel("Copies").fill("250");
  await card.getByRole("button", { name: "Order", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /Order #\d+ placed/ })).toBeVisible();
});
