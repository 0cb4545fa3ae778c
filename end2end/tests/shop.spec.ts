import { expect, test, type Page } from "@playwright/test";
import { decide, mailedLink, order, ready, signIn } from "./helpers";

test("a Customer Plus never approves her own print job; her Company Manager does", async ({ page, browser }) => {
  const title = `Fair poster ${Date.now()}`;
  await signIn(page, "cora@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Shop" }).click();
  await expect(page.getByTestId("product").filter({ hasText: "Event poster A2" })).toBeVisible();
  // Sales' flyer is not built for Marketing.
  await expect(page.getByTestId("product").filter({ hasText: "Sales flyer A5" })).toHaveCount(0);
  const id = await order(page, "Event poster A2", title);

  await page.goto("/jobs");
  const job = page.getByTestId("order").filter({ hasText: title });
  await expect(job.getByTestId("status")).toHaveText("Waiting for approval");
  // Separation of duties: her own job is not hers to decide.
  await page.goto("/approvals");
  await ready(page);
  await expect(page.getByTestId("order").filter({ hasText: title })).toHaveCount(0);
  const refused = await page.request.post("/api/decide_order", {
    headers: { origin: new URL(page.url()).origin },
    form: { order_id: id, approve: "true", comment: "" },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).Forbidden).toContain("nobody approves a print job they ordered");

  const carl = await (await browser.newContext()).newPage();
  await signIn(carl, "carl@acme.test");
  await expect(carl.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await decide(carl, title, true, "Go ahead");
  await page.goto(`/jobs?text=%23${id}`);
  await expect(job.getByTestId("status")).toHaveText("Approved");
  await expect(job).toContainText("Approved by Carl");
});

test("a Power User approves a colleague's job in the same department, not one from another", async ({ browser }) => {
  const stamp = Date.now();
  const sales = `Cards for the Sales team ${stamp}`;
  const marketing = `Poster for Marketing ${stamp}`;
  const cusContext = await browser.newContext();
  const cus = await cusContext.newPage();
  await signIn(cus, "cus@acme.test");
  await expect(cus.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await order(cus, "Business cards", sales);
  const coraContext = await browser.newContext();
  const cora = await coraContext.newPage();
  await signIn(cora, "cora@acme.test");
  await expect(cora.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await order(cora, "Event poster A2", marketing);

  const paulContext = await browser.newContext();
  const paul = await paulContext.newPage();
  await signIn(paul, "paul@acme.test");
  await expect(paul.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await paul.getByRole("link", { name: "Approvals" }).click();
  await expect(paul.getByTestId("order").filter({ hasText: sales })).toBeVisible();
  await expect(paul.getByTestId("order").filter({ hasText: marketing })).toHaveCount(0);
  await decide(paul, sales, true, "Approved for the fair");
  await expect(paul.getByTestId("order").filter({ hasText: sales })).toHaveCount(0);

  await cus.goto("/jobs");
  const job = cus.getByTestId("order").filter({ hasText: sales });
  await expect(job.getByTestId("status")).toHaveText("Approved");
  await expect(job).toContainText("Approved by Paul Power-User");
  for (const c of [cusContext, coraContext, paulContext]) await c.close();
});

test("an outside approver approves once through the mailed link; the second use is refused", async ({ browser, page }) => {
  const title = `Letterhead ${Date.now()}`;
  const eve = `eve.${Date.now()}@partner.test`;
  await signIn(page, "olga@globex.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await order(page, "Letterhead", title, eve);

  const link = await mailedLink(browser, eve);
  const outside = await browser.newContext();
  const approver = await outside.newPage();
  await approver.goto(link);
  await expect(approver.getByTestId("linked-order")).toContainText(title);
  await ready(approver);
  await approver.getByLabel("Approve").check();
  await approver.getByLabel("Comment (optional)").fill("Fine by the agency");
  await approver.getByRole("button", { name: "Send decision" }).click();
  await expect(approver.getByTestId("link-done")).toBeVisible();
  await approver.goto(link);
  await expect(approver.getByRole("alert")).toContainText("expired or was already used");
  await outside.close();

  await page.goto("/jobs");
  const job = page.getByTestId("order").filter({ hasText: title });
  await expect(job.getByTestId("status")).toHaveText("Approved");
  await expect(job).toContainText(`Approved by ${eve} (outside approver)`);
});

test("a customer re-orders a previous print job in one click", async ({ page }) => {
  await signIn(page, "cus@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "My print jobs" }).click();
  await page.getByTestId("job-search").fill("spring fair");
  await page.getByRole("button", { name: "Search" }).click();
  const original = page.getByTestId("order").filter({ hasText: "Spring fair flyer" }).filter({ hasText: "Shipped" });
  await expect(original).toHaveCount(1);
  const originalId = await original.getAttribute("data-id");
  await ready(page);
  await original.getByRole("button", { name: "Order again" }).click();
  const done = page.getByRole("status").filter({ hasText: /Ordered again as #\d+/ });
  await expect(done).toBeVisible();
  const newId = ((await done.textContent()) ?? "").match(/#(\d+)/)?.[1];
  const copy = page.locator(`[data-testid=order][data-id="${newId}"]`);
  await expect(copy).toContainText(`re-order of #${originalId}`);
  await expect(copy.getByTestId("status")).toHaveText("Waiting for approval");
});

test("a customer changes her job's content until it is approved, and not after", async ({ browser }) => {
  const stamp = Date.now();
  const typo = `Autumn flyr ${stamp}`;
  const fixed = `Autumn flyer ${stamp}`;
  const cusContext = await browser.newContext();
  const cus = await cusContext.newPage();
  await signIn(cus, "cus@acme.test");
  await expect(cus.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  const id = await order(cus, "Sales flyer A5", typo);

  await cus.goto(`/jobs?text=%23${id}`);
  await ready(cus);
  const job = cus.getByTestId("order").filter({ hasText: `#${id}` });
  await job.getByText("Change", { exact: true }).click();
  await job.getByLabel("What to print").fill(fixed);
  await job.getByLabel("Copies").fill("400");
  await job.getByRole("button", { name: "Save the change" }).click();
  await expect(cus.getByRole("status").filter({ hasText: "The job is changed." })).toBeVisible();
  await expect(job).toContainText(`#${id} ${fixed}`);
  await expect(job).toContainText("400 copies");

  const paulContext = await browser.newContext();
  const paul = await paulContext.newPage();
  await signIn(paul, "paul@acme.test");
  await expect(paul.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await decide(paul, fixed, true, "Fine");

  await cus.goto(`/jobs?text=%23${id}`);
  await expect(job.getByTestId("status")).toHaveText("Approved");
  await expect(job.getByText("Change", { exact: true })).toHaveCount(0);
  for (const c of [cusContext, paulContext]) await c.close();
});

test("a customer holds her job so it cannot be approved, releases it, and marks it shipped once approved", async ({ browser }) => {
  const title = `Held flyer ${Date.now()}`;
  const cusContext = await browser.newContext();
  const cus = await cusContext.newPage();
  await signIn(cus, "cus@acme.test");
  await expect(cus.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  const id = await order(cus, "Sales flyer A5", title);
  const job = cus.getByTestId("order").filter({ hasText: `#${id}` });
  const press = async (button: string, status: string) => {
    await cus.goto(`/jobs?text=%23${id}`);
    await ready(cus);
    await job.getByRole("button", { name: button }).click();
    await expect(cus.getByRole("status").filter({ hasText: `The job is now: ${status.toLowerCase()}.` })).toBeVisible();
    await expect(job.getByTestId("status")).toHaveText(status);
  };
  await cus.goto(`/jobs?text=%23${id}`);
  await expect(job.getByRole("button", { name: "Mark as shipped" })).toHaveCount(0);
  await press("Put on hold", "On hold");
  await expect(job.getByRole("button", { name: "Put on hold" })).toHaveCount(0);

  const paulContext = await browser.newContext();
  const paul = await paulContext.newPage();
  await signIn(paul, "paul@acme.test");
  await expect(paul.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await paul.goto("/approvals");
  await ready(paul);
  await expect(paul.getByTestId("order").filter({ hasText: title })).toHaveCount(0);

  await press("Release", "Waiting for approval");
  await decide(paul, title, true, "Go");
  await press("Mark as shipped", "Shipped");
  await expect(job.getByRole("button", { name: /Put on hold|Release|Mark as shipped/ })).toHaveCount(0);
  for (const c of [cusContext, paulContext]) await c.close();
});

test("a customer fills in a name badge's fields, pays for the gloss finish, changes them until approval, and ordering again keeps them", async ({ page }) => {
  const title = `Fair badges ${Date.now()}`;
  await signIn(page, "cora@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/shop");
  await ready(page);
  const card = page.getByTestId("product").filter({ has: page.getByRole("heading", { name: "Name badge" }) });
  await card.getByLabel("What to print").fill(title);
  await card.getByLabel("Copies").fill("50");
  await expect(card.getByLabel("Finish")).toHaveValue("Matte");
  await card.getByLabel("Finish").selectOption({ label: "Gloss (+€0.10 a copy)" });
  // The name is required: the browser keeps the form until it is filled in.
  await card.getByRole("button", { name: "Order", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /Order #\d+ placed/ })).toHaveCount(0);
  await card.getByLabel("Name on the badge (required)").fill("Cora Customer-Plus");
  await card.getByRole("button", { name: "Order", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /Order #\d+ placed/ })).toBeVisible();

  await page.goto("/jobs");
  await ready(page);
  const job = page.getByTestId("order").filter({ hasText: title });
  await expect(job).toContainText("50 copies · €65.00");
  await expect(job.getByTestId("job-fields")).toHaveText("Name on the badge: Cora Customer-Plus · Finish: Gloss");
  // Until it is approved she changes the fields too; the price follows the finish.
  await job.getByText("Change", { exact: true }).click();
  await expect(job.getByLabel("Name on the badge (required)")).toHaveValue("Cora Customer-Plus");
  await expect(job.getByLabel("Finish")).toHaveValue("Gloss");
  await job.getByLabel("Finish").selectOption("Matte");
  await job.getByLabel("Name on the badge (required)").fill("Cora C.");
  await job.getByRole("button", { name: "Save the change" }).click();
  await expect(job.getByTestId("job-fields")).toHaveText("Name on the badge: Cora C. · Finish: Matte");
  await expect(job).toContainText("50 copies · €60.00");
  await job.getByRole("button", { name: "Order again" }).click();
  const done = page.getByRole("status").filter({ hasText: /Ordered again as #\d+/ });
  await expect(done).toBeVisible();
  const newId = ((await done.textContent()) ?? "").match(/#(\d+)/)?.[1];
  const copy = page.locator(`[data-testid=order][data-id="${newId}"]`);
  await expect(copy.getByTestId("job-fields")).toHaveText("Name on the badge: Cora C. · Finish: Matte");
  await expect(copy).toContainText("50 copies · €60.00");
});
