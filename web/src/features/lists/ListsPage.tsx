// Named, shared lists of people or organisations: the lists you see, a new list; one
// list's members (add, remove, paged), rename, shares and the CSV export.
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { CreateListMutation, ListsQuery } from "./queries";
import { ListDetail } from "./ListDetail";
import { usePager } from "../../components/pager";
import { Pager } from "../../components/Pager";
import { Empty, ErrorState, Loading } from "../../components/States";
import { Field, FormErrors } from "../../components/Form";
import { sortErrors } from "../../components/userErrors";
import type { SortedErrors } from "../../components/userErrors";
import { formatDate } from "../../components/format";
import { useSession } from "../../auth/SessionContext";

const none: SortedErrors = { byField: {}, general: [], conflict: null };

export default function ListsPage() {
  const { id } = useParams();
  return id ? <ListDetail id={id} /> : <AllLists />;
}

function AllLists() {
  const { t, i18n } = useTranslation();
  const { role } = useSession();
  const pager = usePager();
  const [creating, setCreating] = useState(false);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ListsQuery, variables: { after: pager.after }, requestPolicy: "cache-and-network" });
  const conn = data?.lists;
  return (
    <section>
      <div className="section-head">
        <h1>{t("lists.title")}</h1>
        {role !== "ANALYST" && !creating && (
          <button type="button" onClick={() => setCreating(true)}>{t("lists.new")}</button>
        )}
      </div>
      {creating && <NewListForm onDone={() => setCreating(false)} />}
      {error && !data ? (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : !conn ? (
        <Loading />
      ) : conn.edges.length === 0 ? (
        <Empty>{t("lists.empty")}</Empty>
      ) : (
        <table className="table" aria-busy={fetching}>
          <caption className="visually-hidden">{t("lists.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("lists.name")}</th>
              <th scope="col">{t("lists.kind")}</th>
              <th scope="col">{t("lists.members")}</th>
              <th scope="col">{t("lists.owner")}</th>
              <th scope="col">{t("lists.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {conn.edges.map(({ node: l }) => (
              <tr key={l.id}>
                <td>
                  <Link to={`/lists/${encodeURIComponent(l.id)}`}>{l.name}</Link>
                  {l.description && <div className="muted">{l.description}</div>}
                </td>
                <td>{t(`listKind.${l.kind}`)}</td>
                <td>{l.members.totalCount}</td>
                <td>{l.owner?.displayName || l.owner?.username || "—"}</td>
                <td>{formatDate(l.updatedAt, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {conn && (
        <Pager page={pager.page} total={conn.totalCount} hasNext={conn.pageInfo.hasNextPage} onNext={() => pager.next(conn.pageInfo.endCursor)} onPrevious={pager.previous} label={t("lists.title")} />
      )}
    </section>
  );
}

function NewListForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"PERSON" | "ORGANIZATION">("PERSON");
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState(none);
  const [{ fetching }, create] = useMutation(CreateListMutation);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const result = await create({ input: { name: name.trim(), kind, description: description.trim() || null } });
    if (result.error) return setErrors({ ...none, general: [result.error.message] });
    const payload = result.data?.createList;
    if (payload?.list) {
      onDone();
      navigate(`/lists/${encodeURIComponent(payload.list.id)}`);
    } else setErrors(sortErrors(payload?.errors));
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label={t("lists.new")}>
      <FormErrors messages={errors.general} />
      <Field label={t("lists.name")} errors={errors.byField.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t("lists.kind")} errors={errors.byField.kind}>
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as "PERSON" | "ORGANIZATION")}>
            <option value="PERSON">{t("listKind.PERSON")}</option>
            <option value="ORGANIZATION">{t("listKind.ORGANIZATION")}</option>
          </select>
        )}
      </Field>
      <Field label={t("lists.description")} errors={errors.byField.description}>
        {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={fetching}>{t("form.create")}</button>
        <button type="button" onClick={onDone}>{t("form.cancel")}</button>
      </div>
    </form>
  );
}
