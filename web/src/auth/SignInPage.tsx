// Sign in with a staff account; afterwards go to the page that was asked for.
import { useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { useSession } from "./SessionContext";
import { safeNext, SignInError } from "../api/session";
import { LanguageSwitch } from "../components/LanguageSwitch";

export function SignInPage() {
  const { t } = useTranslation();
  const { user, signIn, expiredNotice } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (user) return <Navigate to={next} replace />;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
      navigate(next, { replace: true });
    } catch (err) {
      setError(
        err instanceof SignInError && err.code === "UNAUTHENTICATED"
          ? t("auth.badCredentials")
          : err instanceof Error
            ? err.message
            : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <div className="signin-card">
        <div className="signin-head">
          <h1>{t("app.name")}</h1>
          <LanguageSwitch />
        </div>
        {expiredNotice && (
          <p className="notice" role="status">
            {t("auth.expired")}
          </p>
        )}
        <form onSubmit={submit} aria-describedby={error ? "signin-error" : undefined}>
          <div className="field">
            <label htmlFor="username">{t("auth.username")}</label>
            <input
              id="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="password">{t("auth.password")}</label>
            <input
              id="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          {error && (
            <p id="signin-error" className="field-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("auth.signingIn") : t("auth.signIn")}
          </button>
        </form>
      </div>
    </main>
  );
}
