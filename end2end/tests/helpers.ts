import { expect, type Browser, type Page } from "@playwright/test";

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

/** The link in the newest message to `to`, read as a platform admin on the mailbox page. */
export async function mailedLink(browser: Browser, to: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "admin@imprimatur.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  let href: string | null = null;
  // A reset link is mailed just after the answer; look again until it is there.
  await expect(async () => {
    await page.goto(`/mailbox?to=${encodeURIComponent(to)}`);
    const mail = page.getByTestId("mail").first();
    await expect(mail).toBeVisible({ timeout: 1_000 });
    href = await mail.getByRole("link").first().getAttribute("href");
    expect(href).toBeTruthy();
  }).toPass({ timeout: 15_000 });
  await context.close();
  return href as unknown as string;
}
