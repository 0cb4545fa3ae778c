import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { ready, signIn } from "./helpers";

// WCAG 2.1 A and AA rules only: what the pages promise.
async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test("a company administrator sets up a project's chapters and levels, and a documents user sees only their chapter", async ({
  page,
  browser,
}) => {
  const project = `Annual report ${Date.now()}`;
  await signIn(page, "clara@acme.test");
  await page.getByRole("link", { name: "Companies" }).click();
  await page.getByTestId("companies").getByRole("row", { name: /Acme Print Buyers/ }).getByRole("link", { name: "Projects" }).click();
  await ready(page);
  await page.getByTestId("project-name").fill(project);
  await page.getByRole("button", { name: "Add project" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Project added." })).toBeVisible();
  await page.getByTestId("projects").getByRole("link", { name: project }).click();
  await expect(page.getByRole("heading", { name: project })).toBeVisible();
  const projectPage = page.url();

  // Two chapters, the second moved in front of the first.
  await ready(page);
  for (const name of ["Letter from the CEO", "Financial statements"]) {
    await page.getByTestId("chapter-name").fill(name);
    await page.getByRole("button", { name: "Add chapter" }).click();
    await expect(page.locator(`[data-testid="chapter"][data-name="${name}"]`)).toBeVisible();
  }
  const chapters = page.getByTestId("chapter");
  await expect(chapters).toHaveCount(2);
  const statements = page.locator('[data-testid="chapter"][data-name="Financial statements"]');
  await statements.getByRole("button", { name: "Move up" }).click();
  await expect(chapters.first()).toHaveAttribute("data-name", "Financial statements");

  // Doc gets InCopy on the letter; the statements are finished.
  const letter = page.locator('[data-testid="chapter"][data-name="Letter from the CEO"]');
  await letter.getByLabel("Member").selectOption({ label: "Doc User <doc@acme.test>" });
  await letter.getByLabel("Level").selectOption({ label: "InCopy" });
  await letter.getByRole("button", { name: "Set level" }).click();
  await expect(letter.getByRole("row", { name: /Doc User/ })).toContainText("InCopy");
  await statements.getByRole("button", { name: "Mark as done" }).click();
  await expect(statements.getByTestId("chapter-state")).toContainText("Done");
  await expectAccessible(page);

  // Doc: the project is in the navigation, with the one chapter given to him.
  const docContext = await browser.newContext();
  const doc = await docContext.newPage();
  await signIn(doc, "doc@acme.test");
  await doc.getByRole("link", { name: "Projects", exact: true }).click();
  await expect(doc.getByRole("heading", { name: "Projects" })).toBeVisible();
  await expectAccessible(doc);
  await doc.getByTestId("my-projects").getByRole("link", { name: project }).click();
  await expect(doc.getByRole("heading", { name: project })).toBeVisible();
  await expect(doc.getByTestId("chapter")).toHaveCount(1);
  await expect(doc.getByTestId("chapter")).toHaveAttribute("data-name", "Letter from the CEO");
  await expect(doc.getByTestId("chapter").getByRole("row", { name: /Doc User/ })).toContainText("InCopy");
  // A plain user administers nothing: no form is offered.
  await expect(doc.getByRole("button", { name: "Add chapter" })).toHaveCount(0);
  await expect(doc.getByRole("button", { name: "Set level" })).toHaveCount(0);
  await expect(doc.getByRole("button", { name: "Delete" })).toHaveCount(0);
  // With InCopy Doc checks the chapter out: it is his until it is unlocked.
  await ready(doc);
  await doc.getByRole("button", { name: "Edit chapter" }).click();
  await expect(doc.getByTestId("chapter")).toContainText("Checked out by you since");
  await docContext.close();

  // Clara sees who holds it and breaks the lock (a direct load of the page).
  await page.goto(projectPage);
  await ready(page);
  await expect(letter).toContainText("Checked out by Doc User since");
  await letter.getByRole("button", { name: "Unlock (held by Doc User)" }).click();
  await expect(letter.getByRole("button", { name: "Edit chapter" })).toBeVisible();
  await expect(letter).not.toContainText("Checked out by");

  // Clara takes the level away again: the chapter is gone from Doc's view.
  await letter.getByLabel("Member").selectOption({ label: "Doc User <doc@acme.test>" });
  await letter.getByLabel("Level").selectOption({ label: "No level" });
  await letter.getByRole("button", { name: "Set level" }).click();
  await expect(letter).toContainText("Nobody holds a level here.");
});
