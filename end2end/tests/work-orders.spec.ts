import { expect, test, type Page } from "@playwright/test";
import { decide, order, ready, signIn } from "./helpers";
import { readFile } from "node:fs/promises";

test("the work-order manager generates a work order's secure codes and downloads them, and may not cancel it", async ({ page }) => {
  await signIn(page, "wes@inkworks.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await expect(page.getByTestId("startup").getByRole("link", { name: "Open work orders" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Printer app" })).toHaveCount(0);
  await nav.getByRole("link", { name: "Work orders" }).click();
  await expect(page).toHaveURL("/work-orders");
  await ready(page);

  const red = page.getByTestId("work-order").filter({ hasText: "Château Northwind red 2025 labels" });
  await expect(red.getByTestId("status")).toHaveText("New");
  await expect(red.getByRole("button", { name: "Cancel" })).toHaveCount(0);
  await expect(red.getByTestId("download-codes")).toHaveCount(0);
  const id = await red.getAttribute("data-id");
  await red.getByRole("button", { name: "Generate secure codes" }).click();
  await expect(page.getByRole("status")).toHaveText(`2000 secure codes generated for work order #${id}.`);
  await expect(red.getByTestId("status")).toHaveText("Codes ready");
  await expect(red.getByRole("button", { name: "Generate secure codes" })).toHaveCount(0);

  const [download] = await Promise.all([page.waitForEvent("download"), red.getByTestId("download-codes").click()]);
  expect(download.suggestedFilename()).toBe(`work-order-${id}-codes.csv`);
  const lines = (await readFile(await download.path(), "utf8")).trim().split("\n");
  expect(lines).toHaveLength(2001);
  expect(lines[0]).toBe("serial_number,secure_code");
  expect(lines[1]).toMatch(new RegExp(`^WO${id}-000001,[0-9A-F]{20}$`));

  // Cancelling is the account admin's; the server refuses Wes too.
  // With the portal's own Origin, so the refusal is authorization's, not the CSRF guard's.
  const answer = await page.request.post("/api/change_work_order", {
    headers: { origin: new URL(page.url()).origin },
    form: { work_order_id: id ?? "", change: "cancel" },
  });
  expect(answer.status()).toBe(403);
  // Authorization's own words (the CSRF guard's would say "did not come from the portal's own pages").
  expect(await answer.json()).toEqual({ Forbidden: "None of your roles allows \u201cCancel work orders\u201d." });
});

test("the account admin adds and calibrates equipment, prints for a customer, and its approved job arrives as a work order", async ({ page, browser }) => {
  const press = `Konica AccurioJet ${Date.now()}`;
  await signIn(page, "ivan@inkworks.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Equipment" }).click();
  await expect(page).toHaveURL("/equipment");
  await ready(page);
  await page.getByTestId("new-equipment").fill(press);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(`${press} added. Calibrate it before it prints codes.`);
  const konica = page.getByTestId("piece").filter({ hasText: press });
  await expect(konica.getByTestId("calibration")).toHaveText("Needs calibrating: never calibrated");
  await konica.getByLabel("Calibration score").fill("150");
  await konica.getByRole("button", { name: "Record calibration" }).click();
  await expect(konica.getByTestId("calibration")).toHaveText("Needs calibrating: never calibrated");
  await konica.getByLabel("Calibration score").fill("85");
  await konica.getByRole("button", { name: "Record calibration" }).click();
  await expect(konica.getByTestId("calibration")).toContainText("(score 85)");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Work orders" }).click();
  await ready(page);
  const partners = page.getByTestId("partnerships");
  // Asking says the same whether or not the company exists, and makes no partnership yet.
  const asked = (slug: string) =>
    `Asked \u201c${slug}\u201d. If a customer company uses that URL name, its administrators can now accept you as its print partner; its approved print jobs become work orders here once they do.`;
  await partners.getByTestId("customer-slug").fill("no-such-customer");
  await partners.getByRole("button", { name: "Ask to print for this customer" }).click();
  await expect(partners.getByRole("status")).toHaveText(asked("no-such-customer"));
  await partners.getByTestId("customer-slug").fill("acme");
  await partners.getByRole("button", { name: "Ask to print for this customer" }).click();
  await expect(partners.getByRole("status")).toHaveText(asked("acme"));
  await expect(partners.locator('[data-testid="customer"][data-slug="acme"]')).toHaveCount(0);

  // Acme's Tenant Super Admin accepts on the company's settings page.
  const tina = await (await browser.newContext()).newPage();
  await signIn(tina, "tina@acme.test");
  await expect(tina.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await tina.goto("/companies");
  await ready(tina);
  await tina.getByRole("main").getByRole("link", { name: "Acme Print Buyers", exact: true }).first().click();
  await ready(tina);
  const request = tina.getByTestId("partner-request").filter({ hasText: "Inkworks Printing" });
  await request.getByRole("button", { name: "Accept" }).click();
  await expect(tina.getByTestId("partner-requests").getByRole("status")).toHaveText(
    "Inkworks Printing now prints for you: your approved print jobs become its work orders.",
  );
  await expect(tina.getByTestId("partner-request")).toHaveCount(0);
  await page.reload();
  await ready(page);
  await expect(partners.locator('[data-testid="customer"][data-slug="acme"]')).toBeVisible();

  // At Acme, Cus orders flyers and Power User Paul approves them.
  const title = `Partner fair flyer ${Date.now()}`;
  const cus = await (await browser.newContext()).newPage();
  await signIn(cus, "cus@acme.test");
  await expect(cus.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await order(cus, "Sales flyer A5", title);
  const paul = await (await browser.newContext()).newPage();
  await signIn(paul, "paul@acme.test");
  await expect(paul.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await decide(paul, title, true, "For the partner");

  await page.reload();
  await ready(page);
  const arrived = page.getByTestId("work-order").filter({ hasText: title });
  await expect(arrived).toContainText("Acme Print Buyers · 250 copies");
  await expect(arrived.getByTestId("status")).toHaveText("New");
  await arrived.getByRole("button", { name: "Cancel" }).click();
  await expect(arrived.getByTestId("status")).toHaveText("Cancelled");
  await arrived.getByRole("button", { name: "Archive" }).click();
  await expect(page.getByTestId("work-order").filter({ hasText: title })).toHaveCount(0);
  await page.getByTestId("show-archived").check();
  await expect(page.getByTestId("work-order").filter({ hasText: title })).toContainText("archived");

  // Ending the partnership stops new work orders from Acme.
  await partners.locator('[data-testid="customer"][data-slug="acme"]').getByRole("button", { name: "Stop printing for them" }).click();
  await expect(partners.getByRole("status")).toHaveText("The partnership ended; work orders already here stay.");
  await expect(partners.locator('[data-testid="customer"][data-slug="acme"]')).toHaveCount(0);
});

async function fitsTheScreen(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

// The printer app runs on the operator's phone. (Not in phone.spec.ts, which
// every project runs: this test changes the demo, so it runs once.)
test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test("a print operator signs in on a phone to the printer app only, calibrates a press and checks a work order's print", async ({ page }) => {
    await signIn(page, "opal@inkworks.test");
    await expect(page).toHaveURL("/printer");
    await expect(page.getByRole("heading", { name: "Printer app" })).toBeVisible();
    await ready(page);
    // Her navigation holds the printer app and her account, nothing of the portal.
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Printer app" })).toBeVisible();
    for (const portal of ["Home", "Roles", "Shop", "Work orders", "Equipment", "Members"]) {
      await expect(nav.getByRole("link", { name: portal, exact: true })).toHaveCount(0);
    }
    await fitsTheScreen(page);

    const epson = page.getByTestId("printer-equipment").locator('[data-name="Epson SurePress L-4733"]');
    await epson.getByLabel("Score of the calibration print (0–100)").fill("64");
    await epson.getByRole("button", { name: "Record calibration" }).click();
    await expect(page.getByRole("status")).toHaveText(
      "Epson SurePress L-4733 failed calibration (score 64, 80 needed): calibrate it again before it prints.",
    );
    await expect(epson.getByTestId("calibration")).toHaveText("Needs calibrating: the last score was 64, 80 needed");
    await epson.getByLabel("Score of the calibration print (0–100)").fill("88");
    await epson.getByRole("button", { name: "Record calibration" }).click();
    await expect(page.getByRole("status")).toHaveText("Epson SurePress L-4733 calibrated (score 88).");
    await expect(epson.getByTestId("calibration")).toContainText("Calibrated");

    const rose = page.getByTestId("work-order").filter({ hasText: "Northwind rosé 2025 labels" });
    await expect(rose.getByTestId("status")).toHaveText("Codes ready");
    await rose.getByLabel("Printed on").selectOption({ label: "Epson SurePress L-4733" });
    await rose.getByLabel("Codes scanned").fill("50");
    await rose.getByLabel("Codes that verified").fill("51");
    await rose.getByRole("button", { name: "Record quality check" }).click();
    await expect(page.getByRole("alert")).toHaveText("The verified codes must be between none and all of those scanned.");
    await expect(rose.getByTestId("status")).toHaveText("Codes ready");
    await rose.getByLabel("Codes that verified").fill("49");
    await rose.getByRole("button", { name: "Record quality check" }).click();
    await expect(page.getByRole("status").filter({ hasText: "49 of 50 codes verified" })).toContainText("Quality check passed.");
    await expect(rose.getByTestId("status")).toHaveText("Quality check passed");
    await expect(rose.getByTestId("quality-check")).toContainText("49 of 50 verified on Epson SurePress L-4733, by Opal Print-Operator");
    await fitsTheScreen(page);

    // The portal's pages are not hers: the server refuses their data.
    await page.goto("/work-orders");
    await expect(page.getByRole("alert")).toContainText("None of your roles allows");
  });
});
