import type { SignInStatus } from "../bindings/SignInStatus";

/** What the fake backend's OAuth side knows: users, tokens, stored sign-ins, the keyring. */
export interface FakeAuth {
  /** Stored sign-ins by connection id (what `auth_status` returns). */
  statuses: Record<string, SignInStatus>;
  /** OpenShift users and their passwords, and their groups. */
  users: Record<string, { password: string; groups: string[] }>;
  /** Tokens a user may paste, and whose they are. */
  tokens: Record<string, string>;
  /** `unavailable`: every new sign-in fails with `keyringUnavailable` until kept for the session. */
  keyring: "ok" | "unavailable";
  /** `signedIn`: the browser sign-in completes as `alice`; `wait`: it waits until cancelled. */
  browser: "signedIn" | "wait";
}

export const OAUTH_URL = "https://oauth-openshift.apps.prod.example.com";

export const sampleAuth = (): FakeAuth => ({
  statuses: {},
  users: {
    alice: { password: "alice-pw", groups: ["registry-admins", "system:authenticated"] },
  },
  tokens: { "sha256~pasted-token-of-bob": "bob" },
  keyring: "ok",
  browser: "signedIn",
});

export const signedIn = (connectionId: string, user: string, over: Partial<SignInStatus> = {}): SignInStatus => ({
  connectionId,
  method: "openshiftPassword",
  server: "https://api.prod.example.com:6443",
  clientId: "openshift-challenging-client",
  identity: { user, groups: ["registry-admins", "system:authenticated"], subject: null, email: null, name: null },
  expiresAt: Math.floor(Date.now() / 1000) + 86400,
  refreshable: false,
  keptIn: "keyring",
  ...over,
});
