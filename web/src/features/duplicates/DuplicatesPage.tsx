// Duplicate candidates with their reasons; admins preview a merge and then merge.
import { useState } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { graphql } from "../../gql";
import type { MergePeopleMutation } from "../../gql/graphql";
import { Empty, ErrorState, Loading } from "../../components/States";
import { Name } from "../../components/Name";
import { useSession } from "../../auth/SessionContext";

const CandidatesQuery = graphql(`
  query DuplicateCandidates($first: Int!) {
    duplicateCandidates(first: $first) {
      score
      reasons
      person { id version name nameLatin birthYear city country }
      other { id version name nameLatin birthYear city country }
    }
  }
`);

const MergeMutation = graphql(`
  mutation MergePeople($input: MergePeopleInput!) {
    mergePeople(input: $input) {
      person { id name }
      summary { preview absorbedIds filledFields
        links { link moved merged dropped }
        conflicts { field kept absorbed } }
      errors { field message code }
    }
  }
`);

const PAGE = 20;

export default function DuplicatesPage() {
  const { t } = useTranslation();
  const { role } = useSession();
  const [first, setFirst] = useState(PAGE);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: CandidatesQuery, variables: { first }, requestPolicy: "cache-and-network" });
  const refresh = () => reexecute({ requestPolicy: "network-only" });
  const list = data?.duplicateCandidates ?? [];
  return (
    <section>
      <h1>{t("duplicates.title")}</h1>
      <p className="muted">{role === "ADMIN" ? t("duplicates.hintAdmin") : t("duplicates.hint")}</p>
      {error && !data ? (
        <ErrorState error={error} onRetry={refresh} />
      ) : !data ? (
        <Loading />
      ) : list.length === 0 ? (
        <Empty>{t("duplicates.empty")}</Empty>
      ) : (
        <ul className="dup-list" aria-busy={fetching}>
          {list.map((c) =>
            c.person && c.other ? (
              <Candidate key={`${c.person.id}-${c.other.id}`} candidate={{ ...c, person: c.person, other: c.other }} canMerge={role === "ADMIN"} onMerged={refresh} />
            ) : null,
          )}
        </ul>
      )}
      {list.length >= first && (
        <button type="button" onClick={() => setFirst((n) => n + PAGE)}>
          {t("duplicates.more")}
        </button>
      )}
    </section>
  );
}

interface PersonLite {
  id: string;
  version: number;
  name: string;
  nameLatin?: string | null;
  birthYear?: number | null;
  city?: string | null;
  country?: string | null;
}

function Candidate({ candidate, canMerge, onMerged }: { candidate: { score: number; reasons: string[]; person: PersonLite; other: PersonLite }; canMerge: boolean; onMerged(): void }) {
  const { t } = useTranslation();
  const [survivor, setSurvivor] = useState<"person" | "other">("person");
  const [preview, setPreview] = useState<NonNullable<MergePeopleMutation["mergePeople"]["summary"]> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [{ fetching }, merge] = useMutation(MergeMutation);
  const keep = candidate[survivor];
  const absorb = candidate[survivor === "person" ? "other" : "person"];
  const run = async (isPreview: boolean) => {
    setError(null);
    const result = await merge({
      input: { survivor: { id: keep.id, expectedVersion: keep.version }, absorbed: [{ id: absorb.id, expectedVersion: absorb.version }], preview: isPreview },
    });
    if (result.error) return setError(result.error.message);
    const payload = result.data?.mergePeople;
    if (payload?.errors.length) return setError(payload.errors.map((e) => e.message).join("; "));
    if (isPreview) setPreview(payload?.summary ?? null);
    else {
      setDone(true);
      onMerged();
    }
  };
  const groupName = `survivor-${candidate.person.id}-${candidate.other.id}`;
  const who = (p: PersonLite) => (
    <>
      <Link to={`/people/${encodeURIComponent(p.id)}`}>
        <Name name={p.name} latin={p.nameLatin} />
      </Link>{" "}
      <span className="muted">{[p.birthYear, p.city, p.country].filter(Boolean).join(" · ")}</span>
    </>
  );
  return (
    <li className="card dup">
      <p>
        <span className="score">{t("duplicates.score", { score: Math.round(candidate.score * 100) })}</span> {candidate.reasons.join("; ")}
      </p>
      {done ? (
        <p role="status" className="notice">{t("duplicates.merged", { name: keep.name })}</p>
      ) : canMerge ? (
        <fieldset>
          <legend>{t("duplicates.keep")}</legend>
          {(["person", "other"] as const).map((k) => (
            <label key={k} className="radio">
              <input type="radio" name={groupName} checked={survivor === k} onChange={() => { setSurvivor(k); setPreview(null); }} />
              {who(candidate[k])}
            </label>
          ))}
          <div className="actions">
            <button type="button" onClick={() => void run(true)} disabled={fetching}>{t("duplicates.preview")}</button>
            {preview && (
              <button type="button" className="danger" onClick={() => void run(false)} disabled={fetching}>
                {t("duplicates.merge")}
              </button>
            )}
          </div>
        </fieldset>
      ) : (
        <ul className="rows">
          <li>{who(candidate.person)}</li>
          <li>{who(candidate.other)}</li>
        </ul>
      )}
      {preview && !done && (
        <div className="preview" aria-label={t("duplicates.previewTitle")}>
          <h3>{t("duplicates.previewTitle")}</h3>
          <p>{t("duplicates.previewExplain", { keep: keep.name, absorb: absorb.name })}</p>
          {preview.links.some((l) => l.moved + l.merged + l.dropped > 0) && (
            <table className="table">
              <thead>
                <tr><th scope="col">{t("duplicates.link")}</th><th scope="col">{t("duplicates.moved")}</th><th scope="col">{t("duplicates.folded")}</th><th scope="col">{t("duplicates.dropped")}</th></tr>
              </thead>
              <tbody>
                {preview.links.filter((l) => l.moved + l.merged + l.dropped > 0).map((l) => (
                  <tr key={l.link}><td>{l.link}</td><td>{l.moved}</td><td>{l.merged}</td><td>{l.dropped}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          {preview.filledFields.length > 0 && <p>{t("duplicates.filled", { fields: preview.filledFields.join(", ") })}</p>}
          {preview.conflicts.length > 0 && (
            <ul>
              {preview.conflicts.map((c) => (
                <li key={c.field}>{t("duplicates.conflict", { field: c.field, kept: c.kept, absorbed: c.absorbed })}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
    </li>
  );
}
