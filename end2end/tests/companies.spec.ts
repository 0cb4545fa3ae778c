import { expect, test } from "@playwright/test";
import { mailedLink, ready, signIn } from "./helpers";

test("the platform creates a company, its first admin joins as Tenant Super Admin and keeps its settings", async ({ page, browser }) => {
  const slug = `umbrella-${Date.now()}`;
  const email = `ursula-${Date.now()}@umbrella.test`;
  await signIn(page, "admin@imprimatur.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByRole("link", { name: "Companies" }).click();
  await expect(page.getByTestId("companies")).toContainText("Acme Print Buyers");
  await ready(page);
  await page.getByTestId("company-name").fill("Umbrella Corp");
  await page.getByTestId("company-slug").fill(slug);
  await page.getByTestId("company-family").selectOption("corporate");
  await page.getByLabel("Data region").selectOption("ch");
  await page.getByTestId("company-admin-email").fill(email);
  await page.getByTestId("company-admin-name").fill("Ursula Umbrella");
  await page.getByRole("button", { name: "Create the company" }).click();
  await expect(page.getByRole("status")).toContainText(`Umbrella Corp created; ${email} is invited as Tenant Super Admin.`);
  await expect(page.getByTestId("companies")).toContainText(slug);

  const ursula = await (await browser.newContext()).newPage();
  await ursula.goto(await mailedLink(browser, email));
  await expect(ursula.getByTestId("invitation-offer")).toContainText("as Tenant Super Admin");
  await ursula.getByLabel("Your name").fill("Ursula Umbrella");
  await ursula.getByLabel(/Choose a password/).fill("ursula's long passphrase");
  await ursula.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(ursula.getByRole("heading", { name: "Welcome, Ursula Umbrella" })).toBeVisible();

  await ursula.getByRole("link", { name: "Companies" }).click();
  await ursula.getByRole("link", { name: "Umbrella Corp" }).click();
  await ready(ursula);
  await expect(ursula.getByTestId("company-region")).toContainText("Switzerland (chosen at set-up)");
  // Another company's URL name is refused, and says so.
  await ursula.getByTestId("settings-slug").fill("acme");
  await ursula.getByRole("button", { name: "Save" }).click();
  await expect(ursula.getByRole("alert")).toContainText("Another company already uses that URL name");
  await ursula.getByTestId("settings-slug").fill(`${slug}-ag`);
  await ursula.getByTestId("settings-name").fill("Umbrella AG");
  await ursula.getByTestId("settings-domains").fill("umbrella.test");
  await ursula.getByRole("button", { name: "Save" }).click();
  await expect(ursula.getByRole("status")).toContainText("Saved.");
  await expect(ursula.getByRole("heading", { name: "Umbrella AG" })).toBeVisible();
});
