import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("on a phone the page fits the screen without sideways scrolling", async ({ page }) => {
  await signIn(page, "carl@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Carl Company-Manager" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const button = await page.getByTestId("sign-out").boundingBox();
  expect(button?.height ?? 0).toBeGreaterThanOrEqual(32);
});
