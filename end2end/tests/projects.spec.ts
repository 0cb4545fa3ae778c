import { expect, test } from "@playwright/test";
import { ready, signIn } from "./helpers";

test("a company administrator adds a project and makes a member its Project Administrator", async ({ page }) => {
  const project = `Annual report ${Date.now()}`;
  await signIn(page, "clara@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Clara Company-Administrator" })).toBeVisible();
  await page.getByRole("link", { name: "Companies" }).click();
  await page.getByTestId("companies").getByRole("row", { name: /Acme Print Buyers/ }).getByRole("link", { name: "Projects" }).click();
  await expect(page.getByRole("heading", { name: "Projects of Acme Print Buyers" })).toBeVisible();
  const projectsPage = page.url();
  await ready(page);
  await page.getByTestId("project-name").fill(project);
  await page.getByRole("button", { name: "Add project" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Project added." })).toBeVisible();
  const row = page.getByTestId("projects").getByRole("listitem").filter({ hasText: project });
  await expect(row).toContainText("0 role(s) held here");

  await page.goto("/members?q=doc%40acme");
  await page.getByRole("link", { name: "Doc User" }).click();
  await ready(page);
  await page.getByTestId("assign-grant").selectOption({ label: `Project Administrator — Acme Print Buyers / ${project}` });
  await page.getByRole("button", { name: "Give the role" }).click();
  await expect(page.getByTestId("member-roles")).toContainText(`Project Administrator in Acme Print Buyers / ${project}`);

  // Not deleted while the role is held there.
  await page.goto(projectsPage);
  await ready(page);
  await expect(row).toContainText("1 role(s) held here");
  await row.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("alert")).toContainText("take them away first");
});
