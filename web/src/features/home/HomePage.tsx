// The first screen: what is due today and where the work is.
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { graphql } from "../../gql";
import { useSession } from "../../auth/SessionContext";
import { ErrorState, Loading } from "../../components/States";

const HomeQuery = graphql(`
  query Home {
    followUpsDue(first: 1) { totalCount }
    open: introductions(filter: { status: [REQUESTED, BROKER_AGREED, TARGET_AGREED] }, first: 1) { totalCount }
    people(first: 1) { totalCount }
    organizations(first: 1) { totalCount }
  }
`);

export default function HomePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [{ data, error }, reexecute] = useQuery({ query: HomeQuery, requestPolicy: "cache-and-network" });
  return (
    <section>
      <h1>{t("home.welcome", { name: user?.displayName || user?.username })}</h1>
      <p className="muted">{t("home.searchHint")}</p>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Loading />
      ) : (
        <ul className="tiles">
          <li>
            <Link to="/follow-ups">
              <strong>{data.followUpsDue?.totalCount ?? "—"}</strong> {t("home.followUps")}
            </Link>
          </li>
          <li>
            <Link to="/introductions">
              <strong>{data.open?.totalCount ?? "—"}</strong> {t("home.openIntroductions")}
            </Link>
          </li>
          <li>
            <span>
              <strong>{data.people?.totalCount ?? "—"}</strong> {t("home.people")}
            </span>
          </li>
          <li>
            <span>
              <strong>{data.organizations?.totalCount ?? "—"}</strong> {t("home.organizations")}
            </span>
          </li>
        </ul>
      )}
    </section>
  );
}
