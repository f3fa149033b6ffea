// The introductions board: a column per status, moves with their reason, the server's
// refusal shown as it words it, and every officer's moves arriving live.
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery, useSubscription } from "urql";
import { useTranslation } from "react-i18next";
import { graphql } from "../../gql";
import { STATUSES, moveTargets, needsReason } from "./workflow";
import type { Status } from "./workflow";
import { usePager } from "../../components/pager";
import { Pager } from "../../components/Pager";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatDate } from "../../components/format";
import { useSession } from "../../auth/SessionContext";

const ColumnQuery = graphql(`
  query BoardColumn($status: IntroductionStatus!, $after: String) {
    introductions(filter: { status: [$status] }, orderBy: [{ field: STATUS_CHANGED_AT, direction: DESC }], first: 12, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id version status purpose statusChangedAt
        seeker { id name nameLatin }
        targetPerson { id name nameLatin }
        targetOrganization { id name nameEn }
        broker { id name nameLatin } } }
    }
  }
`);

const MovedSubscription = graphql(`
  subscription IntroductionMoved {
    introductionStatusChanged { id fromStatus toStatus changedAt introduction { id status version } }
  }
`);

const MoveMutation = graphql(`
  mutation MoveIntroduction($input: MoveIntroductionInput!) {
    moveIntroduction(input: $input) {
      introduction { id version status statusChangedAt }
      errors { field message code currentVersion }
    }
  }
`);

type Card = NonNullable<ReturnType<typeof cardsOf>>[number];
function cardsOf(data: { introductions: { edges: { node: { id: string; version: number; status: string; purpose?: string | null; statusChangedAt: string; seeker: { id: string; name: string; nameLatin?: string | null }; targetPerson?: { id: string; name: string; nameLatin?: string | null } | null; targetOrganization?: { id: string; name: string; nameEn?: string | null } | null; broker?: { id: string; name: string; nameLatin?: string | null } | null } }[] } | null } | undefined) {
  // a root field is null when it was refused or failed (docs/api.md, Partial results)
  return data?.introductions?.edges.map((e) => e.node);
}

export default function BoardPage() {
  const { t } = useTranslation();
  const { role } = useSession();
  // Any move, by anyone, refreshes the columns: a counter the columns watch.
  const [live] = useSubscription({ query: MovedSubscription });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (live.data) setTick((n) => n + 1);
  }, [live.data]);
  const last = live.data?.introductionStatusChanged;
  return (
    <section className="board-page">
      <h1>{t("board.title")}</h1>
      <p className="muted" role="status" aria-live="polite">
        {last
          ? t("board.liveMoved", { from: last.fromStatus ? t(`introStatus.${last.fromStatus}`) : "—", to: t(`introStatus.${last.toStatus}`) })
          : t("board.liveHint")}
      </p>
      <div className="board">
        {STATUSES.map((s) => (
          <Column key={s} status={s} tick={tick} canMove={role !== "ANALYST"} />
        ))}
      </div>
    </section>
  );
}

function Column({ status, tick, canMove }: { status: Status; tick: number; canMove: boolean }) {
  const { t } = useTranslation();
  const pager = usePager();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ColumnQuery, variables: { status, after: pager.after }, requestPolicy: "cache-and-network" });
  useEffect(() => {
    if (tick > 0) reexecute({ requestPolicy: "network-only" });
  }, [tick, reexecute]);
  const cards = cardsOf(data) ?? [];
  const column = data?.introductions;
  const headingId = `col-${status}`;
  return (
    <section className="column" aria-labelledby={headingId} aria-busy={fetching}>
      <h2 id={headingId}>
        {t(`introStatus.${status}`)} <span className="count">{column?.totalCount ?? ""}</span>
      </h2>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Loading />
      ) : cards.length === 0 ? (
        <Empty>{t("board.empty")}</Empty>
      ) : (
        <ul className="cards">
          {cards.map((c) => (
            <IntroCard key={c.id} card={c} canMove={canMove} onMoved={() => reexecute({ requestPolicy: "network-only" })} />
          ))}
        </ul>
      )}
      {column && (
        <Pager page={pager.page} total={column.totalCount} hasNext={column.pageInfo.hasNextPage} onNext={() => pager.next(column.pageInfo.endCursor)} onPrevious={pager.previous} label={t(`introStatus.${status}`)} />
      )}
    </section>
  );
}

function IntroCard({ card, canMove, onMoved }: { card: Card; canMove: boolean; onMoved(): void }) {
  const { t, i18n } = useTranslation();
  const [moving, setMoving] = useState(false);
  const target = card.targetPerson ?? card.targetOrganization;
  const targetPath = card.targetPerson ? `/people/${encodeURIComponent(card.targetPerson.id)}` : card.targetOrganization ? `/organizations/${encodeURIComponent(card.targetOrganization.id)}` : null;
  const title = `${card.seeker.name} → ${target?.name ?? "—"}`;
  return (
    <li className="intro-card" aria-label={title}>
      <p className="intro-parties">
        <Link to={`/people/${encodeURIComponent(card.seeker.id)}`}>{card.seeker.name}</Link>
        {" → "}
        {targetPath ? <Link to={targetPath}>{target?.name}</Link> : "—"}
      </p>
      {card.broker && <p className="muted">{t("introduction.via", { name: card.broker.name })}</p>}
      {card.purpose && <p>{card.purpose}</p>}
      <p className="muted">
        <time dateTime={card.statusChangedAt}>{formatDate(card.statusChangedAt, i18n.language)}</time>
      </p>
      {canMove &&
        (moving ? (
          <MoveForm card={card} onDone={(moved) => { setMoving(false); if (moved) onMoved(); }} />
        ) : (
          <button type="button" onClick={() => setMoving(true)} aria-label={t("board.moveOf", { title })}>
            {t("board.move")}
          </button>
        ))}
    </li>
  );
}

function MoveForm({ card, onDone }: { card: Card; onDone(moved: boolean): void }) {
  const { t } = useTranslation();
  const from = card.status as Status;
  const targets = moveTargets(from);
  const [to, setTo] = useState<Status>(targets[0]);
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, move] = useMutation(MoveMutation);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const result = await move({
      input: { id: card.id, expectedVersion: card.version, to, reason: reason.trim() || null, outcomeNote: to === "OUTCOME" ? note.trim() || null : null },
    });
    if (result.error) return setError(result.error.message);
    const payload = result.data?.moveIntroduction;
    if (payload && payload.errors.length === 0) return onDone(true);
    const conflict = payload?.errors.find((x) => x.code === "CONFLICT");
    setError(conflict ? t("board.conflict") : payload?.errors.map((x) => x.message).join("; ") ?? "");
  };
  const reasonId = `reason-${card.id}`;
  return (
    <form className="move-form" onSubmit={submit} aria-label={t("board.moveForm")}>
      <label>
        {t("board.to")}
        <select value={to} onChange={(e) => setTo(e.target.value as Status)}>
          {targets.map((s) => (
            <option key={s} value={s}>{t(`introStatus.${s}`)}</option>
          ))}
        </select>
      </label>
      <label htmlFor={reasonId}>
        {t("board.reason")}
        {needsReason(from, to) && <span className="required"> {t("board.reasonRequired")}</span>}
      </label>
      <textarea id={reasonId} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      {to === "OUTCOME" && (
        <label>
          {t("board.outcomeNote")}
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={fetching}>{t("board.confirmMove")}</button>
        <button type="button" onClick={() => onDone(false)}>{t("form.cancel")}</button>
      </div>
    </form>
  );
}
