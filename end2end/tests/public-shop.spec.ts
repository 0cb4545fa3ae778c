import { expect, test, type Page } from "@playwright/test";
import { mailedLink, ownAccount, ready } from "./helpers";

async function addToCart(page: Page, product: string, title: string, copies: string, shape?: string) {
  const card = page.getByTestId("product").filter({ has: page.getByRole("heading", { name: product }) });
  await card.getByLabel("What to print").fill(title);
  await card.getByLabel("Copies").fill(copies);
  if (shape) await card.getByLabel("Shape").selectOption({ label: shape });
  await card.getByRole("button", { name: "Add to cart" }).click();
}

test("a visitor fills a cart in the public shop and, at checkout, opens an account as a Public Customer", async ({ page, browser }) => {
  const email = `petra-${Date.now()}@example.test`;
  await page.goto("/store/shoply");
  await ready(page);
  await expect(page.getByRole("heading", { name: "Shoply Public Shop" })).toBeVisible();
  await addToCart(page, "Poster A1", "Window poster", "2");
  await addToCart(page, "Sticker sheet", "Logo stickers", "50", "Square (+€0.20 a copy)");
  const cart = page.getByTestId("cart");
  await expect(cart.getByTestId("cart-line")).toHaveCount(2);
  await expect(cart.getByTestId("cart-fields")).toHaveText(" · Shape: Square");
  // 2 × €15.00 + 50 × (€3.00 + €0.20 for the square shape)
  await expect(cart.getByTestId("cart-total")).toHaveText("€190.00");
  // A line without a description is refused in the page.
  const poster = page.getByTestId("product").filter({ has: page.getByRole("heading", { name: "Poster A1" }) });
  await poster.getByRole("button", { name: "Add to cart" }).click();
  await expect(poster.getByRole("alert")).toContainText("Say what to print");
  await expect(cart.getByTestId("cart-line")).toHaveCount(2);

  // The cart outlives a reload.
  await page.reload();
  await ready(page);
  await expect(cart.getByTestId("cart-line")).toHaveCount(2);

  const checkout = page.getByTestId("checkout");
  await expect(checkout.getByText("Checking out needs an account.")).toBeVisible();
  // The answer never tells whether an address has an account: the holder of
  // one is mailed a notice, a new address a link to finish.
  await checkout.getByLabel("Your name").fill("Petra Public");
  await checkout.getByLabel("E-mail address").fill("cus@acme.test");
  await checkout.getByLabel(/Choose a password/).fill("a long enough password");
  await checkout.getByRole("button", { name: "Open my account" }).click();
  await expect(checkout.getByRole("status")).toContainText("Check your e-mail to finish");

  await checkout.getByLabel("E-mail address").fill(email);
  await checkout.getByLabel(/Choose a password/).fill("a long enough password");
  await checkout.getByRole("button", { name: "Open my account" }).click();
  await expect(checkout.getByRole("status")).toContainText("Check your e-mail to finish");
  // The mailed link comes back to this shop, where the cart waited.
  const finish = await mailedLink(browser, email);
  expect(finish).toContain("/store/shoply?token=");
  await page.goto(finish);
  await ready(page);
  await expect(cart.getByTestId("cart-line")).toHaveCount(2);
  await checkout.getByLabel("Your password").fill("a long enough password");
  await checkout.getByRole("button", { name: "Finish opening my account" }).click();
  await expect(checkout.getByText("You check out as Petra Public.")).toBeVisible();
  await checkout.getByRole("button", { name: "Place the order" }).click();
  await expect(checkout.getByRole("status").filter({ hasText: /Thank you! Your order #\d+, #\d+ is placed\./ })).toBeVisible();
  await expect(cart.getByText("Your cart is empty.")).toBeVisible();

  // She is signed in, as a Public Customer of the shop and nothing more.
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Welcome, Petra Public" })).toBeVisible();
  await expect(page.getByTestId("roles")).toHaveText(/Public Customer in Shoply Public Shop/);
  await expect(page.getByTestId("roles").getByRole("listitem")).toHaveCount(1);
  // Her welcome message leads to her print jobs.
  expect(await mailedLink(browser, email)).toMatch(/\/jobs$/);
});

test("a member of another company joins the public shop with his account and checks out", async ({ page, browser }) => {
  // An account of the test's own, new for every attempt: joining is for
  // good, and a demo account would carry its Shoply role (and with it
  // Shoply's second-factor rule) into every other test and into the retry.
  const ivo = await ownAccount(browser, "Ivo");
  await page.goto("/store/shoply");
  await ready(page);
  await addToCart(page, "Sticker sheet", `Booth stickers ${Date.now()}`, "20");
  // Signing in from the shop comes back to it, and the cart waited.
  await page.getByTestId("sign-in-to-shop").click();
  await page.getByLabel("E-mail address").fill(ivo.email);
  await page.getByLabel("Password", { exact: true }).fill(ivo.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/store\/shoply$/);
  await ready(page);
  await expect(page.getByTestId("cart")).toContainText("Booth stickers");
  const checkout = page.getByTestId("checkout");
  await expect(checkout.getByText("who does not shop here yet")).toBeVisible();
  await checkout.getByRole("button", { name: "Shop here as a customer" }).click();
  await expect(checkout.getByText(`You check out as ${ivo.name}.`)).toBeVisible();
  await checkout.getByRole("button", { name: "Place the order" }).click();
  await expect(checkout.getByRole("status").filter({ hasText: /Thank you! Your order #\d+ is placed\./ })).toBeVisible();
});

test("a shop that is not public answers plainly that there is none", async ({ page }) => {
  await page.goto("/store/acme");
  await expect(page.getByRole("alert")).toHaveText("There is no public shop at this address.");
});
