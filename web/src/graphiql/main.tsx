// GraphiQL at /graphql for browsers, built by our Vite build from npm's `graphiql` with
// the explorer plugin: every file from this server, nothing from another origin, and
// requests with the browser session's cookie (sign in through the app; or put
// {"Authorization": "Bearer crm_…"} in the Headers tab). The server sends this page for
// a browser's GET /graphql (crm/serving/graphiql.py).
import "graphiql/setup-workers/vite";
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { useTranslation } from "react-i18next";
import "graphiql/style.css";
import "@graphiql/plugin-explorer/style.css";
import "./graphiql.css";
import "../i18n";
import { currentUser } from "../api/session";
import type { SessionUser } from "../api/session";
import { LanguageSwitch } from "../components/LanguageSwitch";

const url = `${window.location.origin}/graphql`;
const fetcher = createGraphiQLFetcher({
  url,
  subscriptionUrl: url.replace(/^http/, "ws"),
  fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
});
const plugins = [explorerPlugin()];

/** Who the requests run as: the session's user, or a way to sign in. */
function SessionBar() {
  const { t } = useTranslation();
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    currentUser().then(setUser, () => setFailed(true));
  }, []);
  return (
    <header className="graphiql-session">
      <a href="/">{t("app.name")}</a>
      <span role="status">
        {failed
          ? t("graphiql.sessionUnknown")
          : user === undefined
            ? t("graphiql.checking")
            : user
              ? t("graphiql.signedInAs", { name: user.displayName || user.username, role: t(`role.${user.role}`, { defaultValue: user.role }) })
              : (
                  <>
                    {t("graphiql.signedOut")} <a href="/signin">{t("graphiql.signIn")}</a>
                  </>
                )}
      </span>
      <LanguageSwitch />
    </header>
  );
}

createRoot(document.getElementById("graphiql-root")!).render(
  <StrictMode>
    <div className="graphiql-page">
      <SessionBar />
      <GraphiQL
        fetcher={fetcher}
        plugins={plugins}
        defaultEditorToolsVisibility
        isHeadersEditorEnabled
        shouldPersistHeaders={false}
      />
    </div>
  </StrictMode>,
);
