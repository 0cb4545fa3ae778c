import { promises as fs } from "node:fs";
import path from "node:path";
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

const fixture = (name: string) => path.join(__dirname, "..", "fixtures", name);

/** Pages of a PDF, from its page objects (the merged file keeps one per page). */
function pdfPages(bytes: Buffer): number {
  return (bytes.toString("latin1").match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
}

async function download(page: Page, link: ReturnType<Page["getByRole"]>): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return fs.readFile(await file.path());
}

async function checkIn(page: Page, pdf: string, comment?: string) {
  await page.getByLabel("Document (InDesign, Word, …)").setInputFiles(fixture("manuscript.txt"));
  await page.getByLabel("PDF of the chapter").setInputFiles(fixture(pdf));
  if (comment) await page.getByLabel("Version comment (optional)").fill(comment);
  await page.getByRole("button", { name: /^(Upload document|Check in)$/ }).click();
}

test("chapters' files: first documents, a check-out others cannot take, check-in with a comment, a forced unlock, the combined PDF and a done chapter", async ({
  page,
  browser,
}) => {
  const project = `Half-year report ${Date.now()}`;
  await signIn(page, "clara@acme.test");
  await page.getByRole("link", { name: "Companies" }).click();
  await page.getByTestId("companies").getByRole("row", { name: /Acme Print Buyers/ }).getByRole("link", { name: "Projects" }).click();
  await ready(page);
  await page.getByTestId("project-name").fill(project);
  await page.getByRole("button", { name: "Add project" }).click();
  await page.getByTestId("projects").getByRole("link", { name: project }).click();
  await expect(page.getByRole("heading", { name: project })).toBeVisible();
  const projectPage = page.url();
  await ready(page);
  for (const name of ["Opening", "Outlook"]) {
    await page.getByTestId("chapter-name").fill(name);
    await page.getByRole("button", { name: "Add chapter" }).click();
    const chapter = page.locator(`[data-testid="chapter"][data-name="${name}"]`);
    await expect(chapter).toBeVisible();
    await chapter.getByLabel("Member").selectOption({ label: "Doc User <doc@acme.test>" });
    await chapter.getByLabel("Level").selectOption({ label: "InCopy" });
    await chapter.getByRole("button", { name: "Set level" }).click();
    await expect(chapter.getByRole("row", { name: /Doc User/ })).toContainText("InCopy");
  }

  // Clara puts the first document into each chapter (2 and 3 pages).
  for (const [name, pdf] of [["Opening", "chapter-2-pages.pdf"], ["Outlook", "chapter-3-pages.pdf"]]) {
    await page.goto(projectPage);
    await page.getByTestId("chapter-link").filter({ hasText: name }).click();
    await expect(page.getByTestId("chapter-title")).toHaveText(name);
    await ready(page);
    await checkIn(page, pdf, "First layout");
    await expect(page.getByRole("status").filter({ hasText: "Version 1 is in." })).toBeVisible();
    await expect(page.getByTestId("version")).toHaveCount(1);
    await expect(page.getByTestId("chapter-state")).toContainText("Text exists");
  }
  await expectAccessible(page);

  // Clara's project page, open before Doc takes the chapter.
  await page.goto(projectPage);
  await ready(page);
  const opening = page.locator('[data-testid="chapter"][data-name="Opening"]');
  await expect(opening.getByRole("button", { name: "Edit chapter" })).toBeVisible();

  // Doc checks "Opening" out.
  const docContext = await browser.newContext();
  const doc = await docContext.newPage();
  await signIn(doc, "doc@acme.test");
  await expect(doc.getByRole("link", { name: "Projects", exact: true })).toBeVisible();
  await doc.goto(projectPage);
  await ready(doc);
  const docOpening = doc.locator('[data-testid="chapter"][data-name="Opening"]');
  await docOpening.getByRole("button", { name: "Edit chapter" }).click();
  await expect(docOpening).toContainText("Checked out by you since");

  // Clara is refused the edit, but downloads the chapter's PDF.
  await opening.getByRole("button", { name: "Edit chapter" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "is being edited by Doc User" })).toBeVisible();
  const openingPdf = await download(page, opening.getByRole("link", { name: "PDF of Opening" }));
  expect(openingPdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdfPages(openingPdf)).toBe(2);

  // Doc checks in a 3-page version with a comment: the check-out ends.
  await docOpening.getByTestId("chapter-link").click();
  await expect(doc.getByTestId("chapter-title")).toHaveText("Opening");
  await ready(doc);
  await checkIn(doc, "chapter-3-pages.pdf", "Second draft from Doc");
  await expect(doc.getByRole("status").filter({ hasText: "Version 2 is in." })).toBeVisible();
  await expect(doc.getByTestId("version")).toHaveCount(2);
  await expect(doc.getByTestId("versions")).toContainText("Second draft from Doc");
  await expect(doc.getByTestId("chapter-lock")).toHaveText("Nobody has it checked out.");
  await expectAccessible(doc);

  // Doc takes "Outlook"; Clara breaks the lock; Doc's check-in is refused.
  await doc.goto(projectPage);
  await ready(doc);
  const docOutlook = doc.locator('[data-testid="chapter"][data-name="Outlook"]');
  await docOutlook.getByRole("button", { name: "Edit chapter" }).click();
  await expect(docOutlook).toContainText("Checked out by you since");
  await docOutlook.getByTestId("chapter-link").click();
  await ready(doc);
  await expect(doc.getByRole("button", { name: "Check in" })).toBeVisible();
  await page.goto(projectPage);
  await ready(page);
  const outlook = page.locator('[data-testid="chapter"][data-name="Outlook"]');
  await outlook.getByRole("button", { name: "Unlock (held by Doc User)" }).click();
  await expect(outlook.getByRole("button", { name: "Edit chapter" })).toBeVisible();
  await checkIn(doc, "chapter-2-pages.pdf");
  await expect(doc.getByRole("alert").filter({ hasText: "was released by Clara" })).toBeVisible();
  await expect(doc.getByTestId("version")).toHaveCount(1);

  // The combined PDF: the latest of each chapter, 3 + 3 pages.
  const combined = await download(page, page.getByTestId("combined-pdf"));
  expect(combined.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdfPages(combined)).toBe(6);

  // Doc checks "Opening" out again; Clara marks it done; his check-in is refused.
  await doc.goto(projectPage);
  await ready(doc);
  await docOpening.getByRole("button", { name: "Edit chapter" }).click();
  await expect(docOpening).toContainText("Checked out by you since");
  await docOpening.getByTestId("chapter-link").click();
  await ready(doc);
  await page.goto(projectPage);
  await ready(page);
  await opening.getByRole("button", { name: "Mark as done" }).click();
  await expect(opening.getByTestId("chapter-state")).toContainText("Done");
  await checkIn(doc, "chapter-2-pages.pdf");
  await expect(doc.getByRole("alert").filter({ hasText: "is done" })).toBeVisible();
  await expect(doc.getByTestId("version")).toHaveCount(2);
  await docContext.close();
});
