import { expect, test } from "@playwright/test";
import { hydrated } from "./helpers";

test("the page hydrates: the show-password button works only with the WASM bundle", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto("/sign-in");
  await hydrated(page);
  const password = page.getByLabel("Password", { exact: true });
  await expect(password).toHaveAttribute("type", "password");
  await page.getByTestId("reveal-password").click();
  await expect(password).toHaveAttribute("type", "text");
  await expect(page.getByTestId("reveal-password")).toHaveText("Hide password");
  await page.getByTestId("reveal-password").click();
  await expect(password).toHaveAttribute("type", "password");
  expect(errors).toEqual([]);
});

test("an unknown address shows the 404 page with status 404", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("the health check answers", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});
