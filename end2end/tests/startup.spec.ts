import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

// PrintShop Mail Web: a role determines the start-up screen a member sees
// when they sign in.
const screens: [string, string, RegExp][] = [
  ["cus@acme.test", "Storefront", /Sales flyer A5/],
  ["cora@acme.test", "Print jobs", /Search/],
  // The inbox loaded: a job to decide, or the word that none waits.
  ["paul@acme.test", "Approvals", /Send decision|Nothing waits for your approval/],
  ["dan@globex.test", "Approvals", /Send decision|Nothing waits for your approval/],
];

for (const [email, heading, content] of screens) {
  test(`${email} lands on the ${heading} start-up screen after signing in`, async ({ page }) => {
    await signIn(page, email);
    await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
    const startup = page.getByTestId("startup");
    await expect(startup.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    await expect(startup).toContainText(content);
  });
}

test("a company manager's start-up screen leads to company administration", async ({ page }) => {
  await signIn(page, "carl@acme.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.getByTestId("startup").getByRole("link", { name: "Open company administration" }).click();
  await expect(page).toHaveURL(/\/members$/);
});
