import { expect, type Browser, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "imprimatur-demo";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/**
 * How long a page may take to hydrate. Every test's browser context is new,
 * so every page load fetches and compiles the debug WASM bundle (tens of
 * megabytes) afresh, two tests at a time on a shared two-core machine: it
 * takes seconds, more than the 15 s of a plain expectation when the machine
 * is busy. (The cold start of a fresh clone, Chromium's and the server's
 * first load, is taken by global-setup.ts before any test runs.)
 */
export const HYDRATION_TIMEOUT = 30_000;

/** Wait until the WASM bundle has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.getByTestId("reveal-password")).toBeVisible({ timeout: HYDRATION_TIMEOUT });
}

/**
 * The link in the newest message to `to` (of those with a link `matching`,
 * when given), read as a platform admin on the mailbox page.
 */
export async function mailedLink(browser: Browser, to: string, matching?: RegExp): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "admin@imprimatur.test");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  let href: string | null = null;
  // A reset link is mailed just after the answer; look again until it is there.
  await expect(async () => {
    await page.goto(`/mailbox?to=${encodeURIComponent(to)}`);
    const link = page.getByTestId("mail").getByRole("link", matching ? { name: matching } : {}).first();
    await expect(link).toBeVisible({ timeout: 1_000 });
    href = await link.getAttribute("href");
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

/** On the members page, invite `email` with the role offered as `grant` (e.g. "Tenant User — Acme Print Buyers"). */
export async function invite(page: Page, email: string, name: string, grant: string) {
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByTestId("invite-email")).toBeVisible();
  // Sent before hydration, the invitation would go as a plain form post, without the message.
  await ready(page);
  await page.getByTestId("invite-email").fill(email);
  await page.getByTestId("invite-name").fill(name);
  await page.getByTestId("invite-grant").selectOption({ label: grant });
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${email}.` })).toBeVisible();
}

/** On the members page, invite `email` as a Tenant User of Acme (as Tina). */
export async function inviteTenantUser(page: Page, email: string, name: string) {
  await invite(page, email, name, "Tenant User — Acme Print Buyers");
}

/** Accept the invitation mailed to `email` with a password, in a new browser context; its page, signed in. */
export async function acceptInvitation(browser: Browser, email: string, name: string, password: string): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
  await page.goto(await mailedLink(browser, email, /\/invitation\?token=/));
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel(/Choose a password/).fill(password);
  await page.getByRole("button", { name: "Accept the invitation" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${name}` })).toBeVisible();
  return page;
}

export type Account = { email: string; name: string; password: string };

/** An address nobody has used yet, at `domain`. */
export function freshEmail(first: string, domain = "acme.test"): string {
  return `${first.toLowerCase()}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@${domain}`;
}

/**
 * An account of the test's own, new for every attempt of the test: Tina
 * (or `by`) invites it into Acme as a Tenant User (or with `grant`) and it
 * accepts with a password. For tests that change a password, a second
 * factor, passkeys or an account's state: on a shared demo account the
 * change would reach the tests running alongside, and on any demo account
 * it would meet the test's own retry.
 */
export async function ownAccount(
  browser: Browser,
  first: string,
  { grant = "Tenant User — Acme Print Buyers", by = "tina@acme.test" } = {},
): Promise<Account> {
  const account = { email: freshEmail(first), name: `${first} Own-Account`, password: `${first.toLowerCase()}'s long passphrase` };
  const context = await browser.newContext({ javaScriptEnabled: true });
  const inviter = await context.newPage();
  await signIn(inviter, by);
  await expect(inviter.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await invite(inviter, account.email, account.name, grant);
  await context.close();
  const joined = await acceptInvitation(browser, account.email, account.name, account.password);
  await joined.context().close();
  return account;
}

/**
 * Wait until the page has hydrated (the app marks `<body data-hydrated>`):
 * a click on an action before that is a plain form post, which works but
 * shows no message in the page.
 */
export async function ready(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toBeAttached({ timeout: HYDRATION_TIMEOUT });
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
