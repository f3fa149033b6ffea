// Routes: sign-in outside the shell, every other page inside it, each loaded on demand.
import { lazy, Suspense } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router-dom";
import { SessionProvider, useSession } from "./auth/SessionContext";
import { SignInPage } from "./auth/SignInPage";
import { Layout } from "./components/Layout";
import { Loading } from "./components/States";

const HomePage = lazy(() => import("./features/home/HomePage"));
const PersonPage = lazy(() => import("./features/person/PersonPage"));
const NewPersonPage = lazy(() => import("./features/person/NewPersonPage"));
const OrganizationPage = lazy(() => import("./features/organization/OrganizationPage"));
const NewOrganizationPage = lazy(() => import("./features/organization/NewOrganizationPage"));
const BoardPage = lazy(() => import("./features/introductions/BoardPage"));
const FollowUpsPage = lazy(() => import("./features/followups/FollowUpsPage"));
const DuplicatesPage = lazy(() => import("./features/duplicates/DuplicatesPage"));
const ListsPage = lazy(() => import("./features/lists/ListsPage"));
const ExplorerPage = lazy(() => import("./features/explorer/ExplorerPage"));
const DashboardPage = lazy(() => import("./features/dashboard/DashboardPage"));
const EventsPage = lazy(() => import("./features/report/EventsPage"));
const EventReportPage = lazy(() => import("./features/report/EventReportPage"));
const RankingsPage = lazy(() => import("./features/rankings/RankingsPage"));
const CommunitiesPage = lazy(() => import("./features/rankings/CommunitiesPage"));
const NotFoundPage = lazy(() => import("./features/home/NotFoundPage"));

function RequireSession({ children }: { children: React.ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/signin?next=${next}`} replace />;
  }
  return <>{children}</>;
}

export function App() {
  return (
    <SessionProvider>
      <Routes>
        <Route path="/signin" element={<SignInPage />} />
        <Route
          element={
            <RequireSession>
              <Layout />
            </RequireSession>
          }
        >
          <Route index element={<Page><HomePage /></Page>} />
          <Route path="people/new" element={<Page><NewPersonPage /></Page>} />
          <Route path="people/:id" element={<Page><PersonPage /></Page>} />
          <Route path="organizations/new" element={<Page><NewOrganizationPage /></Page>} />
          <Route path="organizations/:id" element={<Page><OrganizationPage /></Page>} />
          <Route path="introductions" element={<Page><BoardPage /></Page>} />
          <Route path="follow-ups" element={<Page><FollowUpsPage /></Page>} />
          <Route path="duplicates" element={<Page><DuplicatesPage /></Page>} />
          <Route path="lists" element={<Page><ListsPage /></Page>} />
          <Route path="lists/:id" element={<Page><ListsPage /></Page>} />
          <Route path="explorer" element={<Page><ExplorerPage /></Page>} />
          <Route path="dashboard" element={<Page><DashboardPage /></Page>} />
          <Route path="events" element={<Page><EventsPage /></Page>} />
          <Route path="events/:id/report" element={<Page><EventReportPage /></Page>} />
          <Route path="influencers" element={<Page><RankingsPage kind="influencers" /></Page>} />
          <Route path="connectors" element={<Page><RankingsPage kind="connectors" /></Page>} />
          <Route path="communities" element={<Page><CommunitiesPage /></Page>} />
          <Route path="*" element={<Page><NotFoundPage /></Page>} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}

function Page({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}
