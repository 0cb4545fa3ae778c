import { expect, test } from "@playwright/test";
import { ready, signIn } from "./helpers";

test("a customer asks for a quote, the quote manager prices it, and she orders it at that price", async ({ browser }) => {
  const title = `Trade fair flyer ${Date.now()}`;
  const cusContext = await browser.newContext();
  const cus = await cusContext.newPage();
  await signIn(cus, "cus@acme.test");
  await expect(cus.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await cus.getByRole("link", { name: "Shop" }).click();
  const card = cus.getByTestId("product").filter({ has: cus.getByRole("heading", { name: "Sales flyer A5" }) });
  await card.getByRole("link", { name: "Ask for a quote instead" }).click();
  await expect(cus).toHaveURL(/\/quotes\?product=\d+/);
  await ready(cus);
  const form = cus.getByTestId("quote-form");
  await expect(form.getByLabel("Product")).toHaveValue(/\d+/);
  await expect(form.getByLabel("Product").locator("option:checked")).toHaveText("Sales flyer A5");
  await form.getByLabel("What to print").fill(title);
  await form.getByLabel("Copies").fill("5000");
  await form.getByLabel(/What the price depends on/).fill("Matt laminated, by 1 December");
  await form.getByRole("button", { name: "Request a quote" }).click();
  const requested = cus.getByRole("status").filter({ hasText: /Quote #\d+ requested/ });
  await expect(requested).toBeVisible();
  const mine = cus.getByTestId("quote").filter({ hasText: title });
  await expect(mine.getByTestId("status")).toHaveText("Waiting for a price");
  await expect(mine.getByRole("button", { name: "Order at this price" })).toHaveCount(0);

  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signIn(manager, "admin@imprimatur.test");
  await expect(manager.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await manager.getByRole("link", { name: "Quote manager" }).click();
  await ready(manager);
  const waiting = manager.getByTestId("quote").filter({ hasText: title });
  await expect(waiting).toContainText("5000 copies");
  await expect(waiting).toContainText("Matt laminated, by 1 December");
  await waiting.getByLabel(/Price for all copies/).fill("not a price");
  await waiting.getByRole("button", { name: "Send the price" }).click();
  await expect(manager.getByRole("alert")).toContainText("Give the price in euros");
  // A refusal keeps what was typed, so it can be corrected.
  await expect(waiting.getByLabel(/Price for all copies/)).toHaveValue("not a price");
  await waiting.getByLabel(/Price for all copies/).fill("149.50");
  await waiting.getByLabel(/Note to the requester/).fill("Includes delivery");
  await waiting.getByRole("button", { name: "Send the price" }).click();
  await expect(manager.getByRole("status").filter({ hasText: "The price is sent to the requester." })).toBeVisible();
  await expect(waiting).toHaveCount(0);

  await cus.goto("/quotes");
  await ready(cus);
  await expect(mine.getByTestId("status")).toHaveText("Priced");
  await expect(mine).toContainText("quoted €149.50");
  await expect(mine).toContainText("“Includes delivery”");
  await mine.getByRole("button", { name: "Order at this price" }).click();
  const placed = cus.getByRole("status").filter({ hasText: /Order #\d+ placed at the quoted price/ });
  await expect(placed).toBeVisible();
  const id = ((await placed.textContent()) ?? "").match(/#(\d+)/)?.[1];
  await expect(mine.getByTestId("status")).toHaveText("Ordered");
  await expect(mine).toContainText(`ordered as #${id}`);

  await cus.goto(`/jobs?text=%23${id}`);
  const job = cus.getByTestId("order").filter({ hasText: `#${id}` });
  await expect(job).toContainText("5000 copies · €149.50");
  await expect(job.getByTestId("status")).toHaveText("Waiting for approval");
  for (const c of [cusContext, managerContext]) await c.close();
});

test("a customer withdraws a quote request", async ({ page }) => {
  const title = `Maybe later ${Date.now()}`;
  await signIn(page, "cus@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/quotes");
  await ready(page);
  const form = page.getByTestId("quote-form");
  await form.getByLabel("What to print").fill(title);
  await form.getByRole("button", { name: "Request a quote" }).click();
  const row = page.getByTestId("quote").filter({ hasText: title });
  await expect(row.getByTestId("status")).toHaveText("Waiting for a price");
  await row.getByRole("button", { name: "Withdraw the request" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The quote is declined." })).toBeVisible();
  await expect(row.getByTestId("status")).toHaveText("Declined");
  await expect(row.getByRole("button")).toHaveCount(0);
});
