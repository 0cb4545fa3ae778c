import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, hydrated, signIn } from "./helpers";

test("a demo customer signs in, sees their roles and signs out", async ({ page }) => {
  await page.goto("/sign-in");
  await hydrated(page);
  await signIn(page, "cus@acme.test");
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { name: "Welcome, Cus Customer" })).toBeVisible();
  await expect(page.getByTestId("roles")).toContainText("Customer in Acme Print Buyers");
  await expect(page.getByText("Your start-up screen: Storefront")).toBeVisible();
  // What the customer may do comes from the permission core, in the browser.
  await expect(page.getByText("Print jobs and orders")).toBeVisible();
  await expect(page.getByText("Company administration")).toHaveCount(0);

  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL("/sign-in");
  await page.goto("/");
  await expect(page).toHaveURL("/sign-in");
});

test("an administrator sees the platform roles and every module", async ({ page }) => {
  await signIn(page, "admin@imprimatur.test");
  await expect(page.getByRole("heading", { name: "Welcome, Ada Admin" })).toBeVisible();
  await expect(page.getByTestId("roles")).toContainText("Admin in the platform");
  await expect(page.getByText("Platform administration")).toBeVisible();
});

test("a wrong password is refused with a plain message and no session", async ({ page, context }) => {
  await page.goto("/sign-in");
  await hydrated(page);
  await signIn(page, "cus@acme.test", "not the password");
  await expect(page.getByRole("alert")).toHaveText("The e-mail address or the password is not right.");
  await expect(page).toHaveURL(/\/sign-in/);
  const cookies = await context.cookies();
  expect(cookies.filter((c) => c.name.includes("imprimatur_session"))).toEqual([]);
});

test("an empty form is refused before anything is checked", async ({ page }) => {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Enter your e-mail address and your password.");
});

test("the session cookie is HttpOnly and SameSite=Lax", async ({ page, context }) => {
  await signIn(page, "cora@acme.test", DEMO_PASSWORD);
  await expect(page.getByRole("heading", { name: "Welcome, Cora Customer-Plus" })).toBeVisible();
  const session = (await context.cookies()).find((c) => c.name === "imprimatur_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
});
