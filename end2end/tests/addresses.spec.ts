import { expect, test } from "@playwright/test";
import { ready, signIn } from "./helpers";

test("a Senior Manager keeps company addresses without assigning them and orders for an inactive member by choosing his address", async ({ page }) => {
  const stamp = Date.now();
  await signIn(page, "sam@globex.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Addresses" }).click();
  await ready(page);
  const company = page.getByTestId("company-addresses");
  const personal = page.getByTestId("personal-addresses");
  await expect(company.getByTestId("address").filter({ hasText: "Globex head office" })).toBeVisible();
  for (const name of ["Cliff at home", "Olga at home", "Ian at the branch"]) {
    await expect(personal.getByTestId("address").filter({ hasText: name })).toBeVisible();
  }
  // Personal addresses: edit, but neither add for others nor delete.
  const cliffs = personal.getByTestId("address").filter({ hasText: "Cliff at home" });
  await expect(cliffs.getByText("Change", { exact: true })).toBeVisible();
  await expect(cliffs.getByRole("button", { name: "Delete" })).toHaveCount(0);

  // A company address, with no department to assign it to.
  const add = page.getByTestId("new-address");
  await add.getByText("Add an address").click();
  await add.getByLabel("Kind").selectOption("A company address");
  await expect(add.getByLabel("For department")).toHaveCount(0);
  await add.getByLabel("Name").fill(`Globex depot ${stamp}`);
  await add.getByLabel("Street").fill("2 Dock Road");
  await add.getByLabel("Postcode").fill("20457");
  await add.getByLabel("City").fill("Hamburg");
  await add.getByLabel("Country").fill("Germany");
  await add.getByRole("button", { name: "Add the address" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Address #\d+ is saved/ })).toBeVisible();
  const depot = company.getByTestId("address").filter({ hasText: `Globex depot ${stamp}` });
  await expect(depot).toContainText("for everyone");
  await depot.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The address is deleted." })).toBeVisible();
  await expect(depot).toHaveCount(0);

  // Ordering for Ian, who cannot sign in: choose his address.
  const title = `Letterhead for Ian ${stamp}`;
  await page.getByRole("link", { name: "Shop" }).click();
  await ready(page);
  const card = page.getByTestId("product").filter({ has: page.getByRole("heading", { name: "Letterhead" }) });
  await card.getByLabel("What to print").fill(title);
  await card.getByLabel("Deliver to").selectOption({ label: "Ian at the branch, Cologne — order for Ian Inactive" });
  await card.getByRole("button", { name: "Order", exact: true }).click();
  const placed = page.getByRole("status").filter({ hasText: /Order #\d+ placed/ });
  await expect(placed).toBeVisible();
  const id = ((await placed.textContent()) ?? "").match(/#(\d+)/)?.[1];
  await page.goto(`/jobs?text=%23${id}`);
  const job = page.getByTestId("order").filter({ hasText: `#${id}` });
  await expect(job).toContainText("ordered by Ian Inactive");
  await expect(job).toContainText("placed for them by Sam Senior-Manager");
  await expect(job.getByTestId("ship-to")).toHaveText("Deliver to: Ian at the branch, 5 Market Square, 50667 Cologne, Germany");
});

test("a department manager edits a Finance member's address, cannot delete it, and does not see Operations' addresses", async ({ page }) => {
  await signIn(page, "dan@globex.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto("/addresses");
  await ready(page);
  const personal = page.getByTestId("personal-addresses");
  await expect(personal.getByTestId("address").filter({ hasText: "Ian at the branch" })).toBeVisible();
  await expect(personal.getByTestId("address").filter({ hasText: "Olga at home" })).toHaveCount(0);
  const company = page.getByTestId("company-addresses");
  const office = company.getByTestId("address").filter({ hasText: "Globex Finance office" });
  await expect(office).toBeVisible();
  await expect(office.getByText("Change", { exact: true })).toHaveCount(0);

  const cliffs = personal.getByTestId("address").filter({ hasText: "Cliff at home" });
  await expect(cliffs.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await cliffs.getByText("Change", { exact: true }).click();
  await cliffs.getByLabel("Street").fill("4 Birch Road");
  await cliffs.getByRole("button", { name: "Save the address" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Address #\d+ is saved/ })).toBeVisible();
  await expect(cliffs).toContainText("Cliff at home, 4 Birch Road, 80331 Munich, Germany");
});
