// The cookie session of /auth/session: who is signed in, sign in, sign out.
export type Role = "ADMIN" | "LIAISON" | "ANALYST" | "APP" | string;

export interface SessionUser {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
}

export class SignInError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

async function userOf(response: Response): Promise<SessionUser | null> {
  if (response.status === 401) return null;
  if (!response.ok) throw new Error(`session: HTTP ${response.status}`);
  const body = (await response.json()) as { user: SessionUser };
  return body.user;
}

/** The signed-in user, or null when there is no valid session. */
export async function currentUser(): Promise<SessionUser | null> {
  const response = await fetch("/auth/session", { credentials: "same-origin" });
  return userOf(response);
}

export async function signIn(username: string, password: string): Promise<SessionUser> {
  const response = await fetch("/auth/session", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (response.ok) return (await response.json()).user as SessionUser;
  let message = `HTTP ${response.status}`;
  let code = response.status === 401 ? "UNAUTHENTICATED" : "ERROR";
  try {
    const body = (await response.json()) as {
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const first = body.errors?.[0];
    if (first) {
      message = first.message;
      code = first.extensions?.code ?? code;
    }
  } catch {
    // not JSON: keep the status
  }
  throw new SignInError(message, code);
}

export async function signOut(): Promise<void> {
  await fetch("/auth/session", { method: "DELETE", credentials: "same-origin" });
}

/** Where to go after signing in: only a path on this site (never another origin). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/signin")) {
    return "/";
  }
  return next;
}
