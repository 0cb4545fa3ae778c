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

/** The code an authenticator app shows for a base32 `secret`, `steps` 30-second steps from now. */
export function totp(secret: string, steps = 0): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "")) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  }
  const key = Buffer.alloc(Math.floor(bits.length / 8));
  for (let i = 0; i < key.length; i++) key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const counter = Buffer.alloc(8);
  counter.writeBigInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + steps));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHmac } = require("node:crypto") as typeof import("node:crypto");
  const digest = createHmac("sha1", key).update(counter).digest();
  const offset = digest[19] & 0x0f;
  const value = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

// A virtual authenticator through the Chrome DevTools Protocol: a passkey
// with user verification, stored in this browser context only.
export async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** On the members page, invite `email` as a Tenant User of Acme (as Tina). */
export async function inviteTenantUser(page: Page, email: string, name: string) {
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByTestId("invite-email").fill(email);
  await page.getByTestId("invite-name").fill(name);
  await page.getByTestId("invite-grant").selectOption({ label: "Tenant User — Acme Print Buyers" });
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${email}.` })).toBeVisible();
}

/**
 * Wait until the page has hydrated (the app marks `<body data-hydrated>`):
 * a click on an action before that is a plain form post, which works but
 * shows no message in the page.
 */
export async function ready(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
}

/** Order `product` from the storefront; returns the order's number. */
export async function order(page: Page, product: string, title: string, approvers = ""): Promise<string> {
  await page.goto("/shop");
  await ready(page);
  const card = page.getByTestId("product").filter({ has: page.getByRole("heading", { name: product }) });
  await card.getByLabel("What to print").fill(title);
  await card.getByLabel("Copies").fill("250");
  if (approvers) await card.getByLabel(/Ask for approval/).fill(approvers);
  await card.getByRole("button", { name: "Order", exact: true }).click();
  const placed = page.getByRole("status").filter({ hasText: /Order #\d+ placed/ });
  await expect(placed).toBeVisible();
  return ((await placed.textContent()) ?? "").match(/#(\d+)/)?.[1] ?? "";
}

export async function decide(page: Page, title: string, approve: boolean, comment: string) {
  await page.goto("/approvals");
  await ready(page);
  const row = page.getByTestId("order").filter({ hasText: title });
  await row.getByLabel(approve ? "Approve" : "Reject").check();
  await row.getByLabel("Comment (optional)").fill(comment);
  await row.getByRole("button", { name: "Send decision" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Decision recorded" })).toBeVisible();
}
