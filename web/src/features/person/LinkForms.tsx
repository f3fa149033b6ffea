// Add a relationship or an affiliation from the person page, with the server's validation.
import { useState } from "react";
import { useMutation } from "urql";
import { useTranslation } from "react-i18next";
import { CreateAffiliationMutation, CreateRelationshipMutation } from "./queries";
import { Field, FormErrors } from "../../components/Form";
import { RecordPicker } from "../../components/RecordPicker";
import type { Picked } from "../../components/RecordPicker";
import { sortErrors } from "../../components/userErrors";
import type { SortedErrors } from "../../components/userErrors";
import { AFFILIATION_ROLES, RELATIONSHIP_KINDS } from "./enums";

const none: SortedErrors = { byField: {}, general: [], conflict: null };

export function RelationshipForm({ personId, onDone }: { personId: string; onDone(): void }) {
  const { t } = useTranslation();
  const [other, setOther] = useState<Picked | null>(null);
  const [kind, setKind] = useState<string>("FRIEND");
  const [strength, setStrength] = useState("0.5");
  const [since, setSince] = useState("");
  const [errors, setErrors] = useState(none);
  const [{ fetching }, create] = useMutation(CreateRelationshipMutation);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!other) {
      setErrors({ ...none, byField: { personB: [t("form.required")] } });
      return;
    }
    const result = await create({
      input: {
        personA: personId,
        personB: other.id,
        kind: kind as never,
        strength: Number(strength),
        since: since || null,
      },
    });
    if (result.error) return setErrors({ ...none, general: [result.error.message] });
    const payload = result.data?.createRelationship;
    if (payload?.relationship) onDone();
    else setErrors(sortErrors(payload?.errors));
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label={t("relationship.add")}>
      <FormErrors messages={errors.general} />
      <RecordPicker label={t("relationship.other")} types={["PERSON"]} value={other} onChange={setOther} errors={errors.byField.personB} />
      <Field label={t("relationship.kind")} errors={errors.byField.kind}>
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value)}>
            {RELATIONSHIP_KINDS.map((k) => (
              <option key={k} value={k}>{t(`relationshipKind.${k}`)}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("relationship.strength")} errors={errors.byField.strength} hint={t("relationship.strengthHint")}>
        {(p) => <input {...p} type="number" step="0.05" value={strength} onChange={(e) => setStrength(e.target.value)} />}
      </Field>
      <Field label={t("relationship.since")} errors={errors.byField.since}>
        {(p) => <input {...p} type="date" value={since} onChange={(e) => setSince(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={fetching}>{t("relationship.create")}</button>
        <button type="button" onClick={onDone}>{t("form.cancel")}</button>
      </div>
    </form>
  );
}

export function AffiliationForm({ personId, organization, onDone }: { personId?: string; organization?: Picked; onDone(): void }) {
  const { t } = useTranslation();
  const [person, setPerson] = useState<Picked | null>(null);
  const [org, setOrg] = useState<Picked | null>(organization ?? null);
  const [role, setRole] = useState<string>("MEMBER");
  const [title, setTitle] = useState("");
  const [startsOn, setStartsOn] = useState("");
  const [errors, setErrors] = useState(none);
  const [{ fetching }, create] = useMutation(CreateAffiliationMutation);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const who = personId ?? person?.id;
    if (!who || !org) {
      setErrors({ ...none, byField: { ...(who ? {} : { person: [t("form.required")] }), ...(org ? {} : { organization: [t("form.required")] }) } });
      return;
    }
    const result = await create({
      input: { person: who, organization: org.id, role: role as never, title: title || null, startsOn: startsOn || null },
    });
    if (result.error) return setErrors({ ...none, general: [result.error.message] });
    const payload = result.data?.createAffiliation;
    if (payload?.affiliation) onDone();
    else setErrors(sortErrors(payload?.errors));
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label={t("affiliation.add")}>
      <FormErrors messages={errors.general} />
      {!personId && <RecordPicker label={t("affiliation.person")} types={["PERSON"]} value={person} onChange={setPerson} errors={errors.byField.person} />}
      {!organization && <RecordPicker label={t("affiliation.organization")} types={["ORGANIZATION"]} value={org} onChange={setOrg} errors={errors.byField.organization} />}
      <Field label={t("affiliation.role")} errors={errors.byField.role}>
        {(p) => (
          <select {...p} value={role} onChange={(e) => setRole(e.target.value)}>
            {AFFILIATION_ROLES.map((k) => (
              <option key={k} value={k}>{t(`affiliationRole.${k}`)}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("affiliation.title")} errors={errors.byField.title}>
        {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field label={t("affiliation.startsOn")} errors={errors.byField.startsOn}>
        {(p) => <input {...p} type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={fetching}>{t("affiliation.create")}</button>
        <button type="button" onClick={onDone}>{t("form.cancel")}</button>
      </div>
    </form>
  );
}
