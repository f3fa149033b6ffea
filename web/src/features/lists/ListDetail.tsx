// One list: rename, members (add, remove, paged), shares, CSV export.
import { useState } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { AddMembersMutation, ListMembersQuery, ListQuery, RemoveMembersMutation, RenameListMutation, ShareListMutation, StaffDirectoryQuery, UnshareListMutation } from "./queries";
import { PagedList } from "../../components/PagedList";
import { ErrorState, Loading } from "../../components/States";
import { Field, FormErrors } from "../../components/Form";
import { RecordPicker } from "../../components/RecordPicker";
import type { Picked } from "../../components/RecordPicker";
import { Name } from "../../components/Name";
import { sortErrors } from "../../components/userErrors";
import type { SortedErrors } from "../../components/userErrors";
import { formatDate } from "../../components/format";
import { recordPath } from "../../components/paths";
import { mayBeLetEdit, shareCandidates } from "./share";

const none: SortedErrors = { byField: {}, general: [], conflict: null };

/** The CSV export of a list (the session cookie goes with a same-origin link). */
export function exportHref(listId: string): string {
  return `/exports/lists/${encodeURIComponent(listId)}.csv`;
}

export function ListDetail({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const [{ data, error }, reexecute] = useQuery({ query: ListQuery, variables: { id } });
  const [renaming, setRenaming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [{ fetching: removing }, remove] = useMutation(RemoveMembersMutation);
  if (error && !data) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading />;
  const list = data.node?.__typename === "List" ? data.node : null;
  if (!list) return <ErrorState error={t("lists.notFound")} />;
  const removeMember = async (memberId: string, label: string) => {
    const result = await remove({ input: { listId: list.id, memberIds: [memberId] } });
    const errors = result.data?.removeListMembers.errors ?? [];
    setMessage(result.error ? result.error.message : errors.length ? errors.map((e) => e.message).join("; ") : t("lists.removed", { name: label }));
  };
  return (
    <article className="record-page">
      <p>
        <Link to="/lists">← {t("lists.title")}</Link>
      </p>
      <header className="record-head">
        {renaming ? (
          <RenameForm list={list} onDone={() => setRenaming(false)} onReload={() => { setRenaming(false); reexecute({ requestPolicy: "network-only" }); }} />
        ) : (
          <>
            <h1>{list.name}</h1>
            {list.description && <p>{list.description}</p>}
            <p className="muted">
              {t(`listKind.${list.kind}`)} · {t("lists.owner")}: {list.owner?.displayName || list.owner?.username || "—"}
            </p>
            <div className="actions">
              {list.viewerCanEdit && <button type="button" onClick={() => setRenaming(true)}>{t("lists.rename")}</button>}
              <a className="button-link" href={exportHref(list.id)} download>
                {t("lists.export")}
              </a>
            </div>
          </>
        )}
      </header>
      {message && <p className="notice" role="status">{message}</p>}
      <section className="card" aria-labelledby="members-h">
        <h2 id="members-h">{t("lists.members")}</h2>
        {list.viewerCanEdit && <AddMember listId={list.id} kind={list.kind} onAdded={setMessage} />}
        <PagedList
          query={ListMembersQuery}
          variables={{ id }}
          pick={(d) => (d.node && "members" in d.node ? d.node.members : null)}
          empty={t("lists.membersEmpty")}
          label={t("lists.members")}
        >
          {(nodes) => (
            <ul className="rows">
              {nodes.map((m) => {
                const record = m.person ?? m.organization;
                if (!record) return null;
                const latin = m.person ? m.person.nameLatin : m.organization?.nameEn;
                return (
                  <li key={m.id}>
                    <Link to={recordPath(m.person ? "Person" : "Organization", record.id)}>
                      <Name name={record.name} latin={latin} />
                    </Link>
                    <span className="muted">{[record.city, record.country].filter(Boolean).join(", ")}</span>
                    <span className="muted">{t("lists.addedAt", { date: formatDate(m.addedAt, i18n.language) })}</span>
                    {list.viewerCanEdit && (
                      <button type="button" disabled={removing} onClick={() => void removeMember(record.id, record.name)} aria-label={t("lists.removeOf", { name: record.name })}>
                        {t("lists.remove")}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </PagedList>
      </section>
      <Shares list={list} />
    </article>
  );
}

function RenameForm({ list, onDone, onReload }: { list: { id: string; version: number; name: string; description?: string | null }; onDone(): void; onReload(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(list.name);
  const [description, setDescription] = useState(list.description ?? "");
  const [errors, setErrors] = useState(none);
  const [{ fetching }, rename] = useMutation(RenameListMutation);
  const save = async (version: number) => {
    const result = await rename({ input: { id: list.id, expectedVersion: version, name: name.trim(), description: description.trim() || null } });
    if (result.error) return setErrors({ ...none, general: [result.error.message] });
    const payload = result.data?.renameList;
    if (payload?.list) onDone();
    else setErrors(sortErrors(payload?.errors));
  };
  return (
    <form className="inline-form" aria-label={t("lists.rename")} onSubmit={(e) => { e.preventDefault(); void save(list.version); }}>
      {errors.conflict && (
        <div className="conflict" role="alert">
          <p><strong>{t("conflict.title")}</strong> {t("conflict.explain")}</p>
          <button type="button" onClick={onReload}>{t("conflict.reload")}</button>
          <button type="button" className="danger" onClick={() => void save(errors.conflict?.currentVersion ?? list.version)}>{t("conflict.overwrite")}</button>
        </div>
      )}
      <FormErrors messages={errors.general} />
      <Field label={t("lists.name")} errors={errors.byField.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t("lists.description")} errors={errors.byField.description}>
        {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={fetching}>{t("form.save")}</button>
        <button type="button" onClick={onDone}>{t("form.cancel")}</button>
      </div>
    </form>
  );
}

function AddMember({ listId, kind, onAdded }: { listId: string; kind: string; onAdded(message: string): void }) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<Picked | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [{ fetching }, add] = useMutation(AddMembersMutation);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!picked) return setErrors([t("form.required")]);
    const result = await add({ input: { listId, memberIds: [picked.id] } });
    if (result.error) return setErrors([result.error.message]);
    const payload = result.data?.addListMembers;
    if (payload?.errors.length) return setErrors(payload.errors.map((x) => x.message));
    setErrors([]);
    onAdded(payload?.added ? t("lists.added", { name: picked.label }) : t("lists.alreadyOn", { name: picked.label }));
    setPicked(null);
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label={t("lists.add")}>
      <RecordPicker label={t("lists.add")} types={[kind === "ORGANIZATION" ? "ORGANIZATION" : "PERSON"]} value={picked} onChange={setPicked} errors={errors} />
      <button type="submit" className="primary" disabled={fetching || !picked}>{t("lists.addButton")}</button>
    </form>
  );
}

interface ShareLike {
  canEdit: boolean;
  user: { id: string; username: string; displayName: string };
}

function Shares({ list }: { list: { id: string; viewerCanManage: boolean; shares: ShareLike[]; owner?: { id: string } | null } }) {
  const { t } = useTranslation();
  const [userId, setUserId] = useState("");
  const [canEdit, setCanEdit] = useState(false);
  const [find, setFind] = useState("");
  const [error, setError] = useState<string | null>(null);
  // The staff directory: every staff member may read it, so whoever manages the list picks.
  const [{ data: staff, error: staffError }] = useQuery({
    query: StaffDirectoryQuery,
    variables: { nameContains: find.trim() || null },
    pause: !list.viewerCanManage,
  });
  const [{ fetching }, share] = useMutation(ShareListMutation);
  const [, unshare] = useMutation(UnshareListMutation);
  const candidates = shareCandidates(staff?.staffDirectory ?? [], list.owner?.id, list.shares.map((s) => s.user.id));
  const chosen = candidates.find((u) => u.id === userId);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!userId) return;
    const result = await share({ input: { listId: list.id, userIds: [userId], canEdit: canEdit && mayBeLetEdit(chosen?.role) } });
    const errors = result.data?.shareList.errors ?? [];
    setError(result.error ? result.error.message : errors.length ? errors.map((x) => x.message).join("; ") : null);
    if (!result.error && !errors.length) setUserId("");
  };
  return (
    <section className="card" aria-labelledby="shares-h">
      <h2 id="shares-h">{t("lists.shares")}</h2>
      {list.shares.length === 0 ? (
        <p className="state-empty">{t("lists.sharesEmpty")}</p>
      ) : (
        <ul className="rows">
          {list.shares.map((s) => (
            <li key={s.user.id}>
              <span>{s.user.displayName || s.user.username}</span>
              <span className="tag">{s.canEdit ? t("lists.canEdit") : t("lists.canRead")}</span>
              {list.viewerCanManage && (
                <button type="button" onClick={() => void unshare({ input: { listId: list.id, userIds: [s.user.id] } })} aria-label={t("lists.unshareOf", { name: s.user.displayName || s.user.username })}>
                  {t("lists.unshare")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {list.viewerCanManage && (
        <form className="inline-form" onSubmit={submit} aria-label={t("lists.share")}>
          <label>
            {t("lists.findColleague")}
            <input type="search" value={find} onChange={(e) => setFind(e.target.value)} />
          </label>
          <label>
            {t("lists.shareWith")}
            <select value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">{candidates.length ? "—" : t("lists.noColleagues")}</option>
              {candidates.map((u) => (
                <option key={u.id} value={u.id}>{`${u.displayName} (${u.username}, ${t(`role.${u.role}`)})`}</option>
              ))}
            </select>
          </label>
          <label className="radio">
            <input type="checkbox" checked={canEdit && mayBeLetEdit(chosen?.role)} disabled={!mayBeLetEdit(chosen?.role)} onChange={(e) => setCanEdit(e.target.checked)} />
            {t("lists.allowEdit")}
          </label>
          <button type="submit" disabled={fetching || !userId}>{t("lists.share")}</button>
          {(error || staffError) && <p className="field-error" role="alert">{error ?? staffError?.message}</p>}
        </form>
      )}
    </section>
  );
}
