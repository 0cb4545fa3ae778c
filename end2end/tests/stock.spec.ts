import { expect, test } from "@playwright/test";
import { ready, signIn } from "./helpers";

const inStock = async (card: import("@playwright/test").Locator) =>
  Number(((await card.getByTestId("stock").textContent()) ?? "").match(/(\d+) in stock/)?.[1]);

test("a department manager orders a stock replenishment and its copies join the stock when the printer ships it", async ({ page, browser }) => {
  await signIn(page, "dan@globex.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/shop");
  await ready(page);
  const pads = page.getByTestId("product").filter({ has: page.getByRole("heading", { name: "Expense claim pad" }) });
  const letterhead = page.getByTestId("product").filter({ has: page.getByRole("heading", { name: "Letterhead" }) });
  await expect(pads.getByTestId("stock")).toHaveText(/\d+ in stock/);
  const before = await inStock(pads);
  // Dan manages Finance: its pads, not the company-wide letterhead.
  await expect(letterhead.getByTestId("stock")).toBeVisible();
  await expect(letterhead.getByRole("button", { name: "Order a stock replenishment" })).toHaveCount(0);
  // Refused input keeps the form and says why.
  await pads.getByLabel("Copies for the stock").fill("0");
  await pads.getByLabel("Copies for the stock").evaluate((e) => e.removeAttribute("min"));
  await pads.getByRole("button", { name: "Order a stock replenishment" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Order between 1 and" })).toBeVisible();
  await pads.getByLabel("Copies for the stock").fill("100");
  await pads.getByRole("button", { name: "Order a stock replenishment" }).click();
  const ordered = page.getByRole("status").filter({ hasText: /Stock replenishment #\d+ goes to print now/ });
  await expect(ordered).toBeVisible();
  const id = ((await ordered.textContent()) ?? "").match(/#(\d+)/)?.[1];
  await expect(pads.getByTestId("stock")).toHaveText(`${before} in stock`);

  await page.goto(`/jobs?text=%23${id}`);
  await ready(page);
  const job = page.getByTestId("order").filter({ hasText: `#${id}` });
  await expect(job).toContainText("stock replenishment");
  await expect(job.getByTestId("status")).toHaveText("Approved");
  await expect(job.getByRole("button", { name: "Order again" })).toHaveCount(0);

  // The printer (a platform admin) ships it into the stock.
  const printer = await (await browser.newContext()).newPage();
  await signIn(printer, "admin@imprimatur.test");
  await expect(printer.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await printer.goto(`/jobs?text=%23${id}`);
  await ready(printer);
  const row = printer.getByTestId("order").filter({ hasText: `#${id}` });
  await row.getByRole("button", { name: "Mark as shipped" }).click();
  await expect(row.getByTestId("status")).toHaveText("Shipped");

  await page.goto("/shop");
  await ready(page);
  await expect(pads.getByTestId("stock")).toHaveText(`${before + 100} in stock`);
});

test("an admin sets a product's low-stock level and the storefront marks it low until the level is lowered again", async ({ page, browser }) => {
  await signIn(page, "admin@imprimatur.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/products");
  await ready(page);
  const row = page.locator('[data-testid="managed-product"][data-name="Letterhead"]');
  const setLevel = async (level: string) => {
    const editor = row.locator("details");
    if (!(await editor.evaluate((d) => (d as HTMLDetailsElement).open))) await row.getByText("Change").click();
    await row.getByLabel("Warn when the stock falls to (empty: never)").fill(level);
    await row.getByRole("button", { name: "Save the product" }).click();
    await expect(page.getByRole("status").filter({ hasText: /Product #\d+ is saved/ })).toBeVisible();
    await expect(row).toContainText(`(low at ${level})`);
  };
  await setLevel("100000");

  const sam = await (await browser.newContext()).newPage();
  await signIn(sam, "sam@globex.test");
  await expect(sam.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await sam.goto("/shop");
  await ready(sam);
  const letterhead = sam.getByTestId("product").filter({ has: sam.getByRole("heading", { name: "Letterhead" }) });
  await expect(letterhead.getByTestId("low-stock")).toHaveText("Low stock");

  await setLevel("500");
  await sam.reload();
  await ready(sam);
  await expect(letterhead.getByTestId("stock")).toBeVisible();
  await expect(letterhead.getByTestId("low-stock")).toHaveCount(0);
});
