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
