import { expect, test } from "@playwright/test";
import { ready, signIn } from "./helpers";

test("a company manager limits Design to brochures, and Dina's shop shows only brochures until every type is allowed again", async ({ page, browser }) => {
  await signIn(page, "carl@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByRole("link", { name: "Choose the publication types each department orders" }).click();
  await expect(page).toHaveURL("/publication-types");
  await ready(page);
  const design = page.locator('[data-testid="department"][data-name="Design"]');
  await design.getByText("Change").click();

  // "Only these" with nothing ticked would hide the whole catalog: refused.
  await design.getByLabel("Only these:").check();
  for (const box of await design.getByRole("checkbox").all()) await box.uncheck();
  await design.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert")).toContainText("Choose at least one publication type");

  await design.getByLabel("Brochures").check();
  await design.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("The department now orders only: Brochures.");
  await expect(design.getByTestId("department-orders")).toHaveText("Orders only: Brochures");

  const dina = await (await browser.newContext()).newPage();
  await signIn(dina, "dina@acme.test");
  await expect(dina.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await dina.goto("/shop");
  await ready(dina);
  await expect(dina.getByTestId("product").filter({ hasText: "Brand book" })).toBeVisible();
  await expect(dina.getByTestId("product").filter({ hasText: "Business cards" })).toHaveCount(0);

  // The saved row keeps its editor open.
  const editor = design.locator("details");
  if (!(await editor.evaluate((d) => (d as HTMLDetailsElement).open))) await design.getByText("Change").click();
  await design.getByLabel("Every publication type").check();
  await design.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("The department now orders every publication type.");
  await expect(design.getByTestId("department-orders")).toHaveText("Orders every publication type");
  await dina.reload();
  await ready(dina);
  await expect(dina.getByTestId("product").filter({ hasText: "Business cards" })).toBeVisible();
});

test("a department manager has no publication types page and the server refuses her", async ({ page }) => {
  await signIn(page, "dora@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByTestId("members")).toBeVisible();
  await expect(page.getByRole("link", { name: "Choose the publication types each department orders" })).toHaveCount(0);
  await page.goto("/publication-types");
  await expect(page.getByRole("alert")).toContainText("None of your roles allows");
  // With the portal's own Origin, so the refusal is authorization's, not the CSRF guard's.
  const answer = await page.request.post("/api/assign_publication_types", {
    headers: { origin: new URL(page.url()).origin },
    data: { department_id: 1, limit: ["Stationery"] },
  });
  expect(answer.status()).toBe(403);
  // Authorization's own words (the CSRF guard's would say "did not come from the portal's own pages").
  expect(await answer.json()).toEqual({ Forbidden: "None of your roles allows \u201cAssign publication types to a department\u201d." });
});
