// The shell of every signed-in page: navigation, the one search box, language, user.
import { NavLink, Outlet } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { useSession } from "../auth/SessionContext";
import { SearchBox } from "../features/search/SearchBox";
import { LanguageSwitch } from "./LanguageSwitch";

export function Layout() {
  const { t } = useTranslation();
  const { user, role, signOut } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand">
          {t("app.name")}
        </NavLink>
        <SearchBox />
        <div className="topbar-end">
          <LanguageSwitch />
          <span className="who" title={user?.username}>
            {user?.displayName || user?.username} · {t(`role.${role}`, { defaultValue: role })}
          </span>
          <button type="button" className="link-button" onClick={() => void signOut()}>
            {t("auth.signOut")}
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label={t("nav.label")}>
        <ul>
          <li><NavLink to="/" end>{t("nav.home")}</NavLink></li>
          <li><NavLink to="/follow-ups">{t("nav.followUps")}</NavLink></li>
          <li><NavLink to="/introductions">{t("nav.introductions")}</NavLink></li>
          <li><NavLink to="/lists">{t("nav.lists")}</NavLink></li>
          <li><NavLink to="/influencers">{t("rankings.title")}</NavLink></li>
          <li><NavLink to="/duplicates">{t("nav.duplicates")}</NavLink></li>
          <li><NavLink to="/explorer">{t("explorer.nav")}</NavLink></li>
          <li><NavLink to="/dashboard">{t("dashboard.nav")}</NavLink></li>
          <li><NavLink to="/events">{t("report.nav")}</NavLink></li>
          <li><NavLink to="/people/new">{t("nav.newPerson")}</NavLink></li>
          <li><NavLink to="/organizations/new">{t("nav.newOrganization")}</NavLink></li>
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
