import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "imprimatur-demo";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Wait until the WASM bundle has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.getByTestId("reveal-password")).toBeVisible();
}
