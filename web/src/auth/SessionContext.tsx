// Who is signed in, for every component; sign-in and sign-out; an expired session
// returns to the sign-in page with the page the user wanted.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { Provider as UrqlProvider } from "urql";
import { useNavigate } from "react-router-dom";
import { createApiClient } from "../api/client";
import * as session from "../api/session";
import type { SessionUser } from "../api/session";

interface SessionValue {
  user: SessionUser | null;
  /** The last session ended by expiry (not by signing out): the sign-in page says so. */
  expiredNotice: boolean;
  role: string;
  signIn(username: string, password: string): Promise<SessionUser>;
  signOut(): Promise<void>;
  expired(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const [user, setUser] = useState<SessionUser | null>(null);
  const [expiredNotice, setExpiredNotice] = useState(false);
  const navigate = useNavigate();

  const expired = useCallback(() => {
    setExpiredNotice(true);
    setUser(null);
    const here = window.location.pathname + window.location.search;
    if (!window.location.pathname.startsWith("/signin")) {
      navigate(`/signin?next=${encodeURIComponent(here)}`, { replace: true });
    }
  }, [navigate]);

  // A new client per user: nothing cached for one user is shown to the next.
  const client = useMemo(() => createApiClient(expired), [expired, user?.id]);

  useEffect(() => {
    session
      .currentUser()
      .then((u) => {
        setUser(u);
        setState("ready");
      })
      .catch(() => setState("error"));
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      user,
      expiredNotice,
      role: (user?.role ?? "").toUpperCase(),
      async signIn(username, password) {
        const u = await session.signIn(username, password);
        setExpiredNotice(false);
        setUser(u);
        return u;
      },
      async signOut() {
        await session.signOut();
        setExpiredNotice(false);
        setUser(null);
        navigate("/signin", { replace: true });
      },
      expired,
    }),
    [user, expiredNotice, expired, navigate],
  );

  if (state === "loading") return <div className="page-loading" role="status" aria-busy="true" />;
  if (state === "error") {
    return (
      <main className="center-card" role="alert">
        <p>无法连接服务器 / Cannot reach the server.</p>
        <button type="button" onClick={() => window.location.reload()}>
          重试 / Retry
        </button>
      </main>
    );
  }
  return (
    <SessionContext.Provider value={value}>
      <UrqlProvider value={client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  );
}
