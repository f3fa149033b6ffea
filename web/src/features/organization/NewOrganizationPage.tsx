// Create an organisation (parent optional); the server's errors appear at their fields.
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { useMutation } from "urql";
import { useTranslation } from "react-i18next";
import { CreateOrganizationMutation } from "./queries";
import { Field, FormErrors } from "../../components/Form";
import { RecordPicker } from "../../components/RecordPicker";
import type { Picked } from "../../components/RecordPicker";
import { sortErrors } from "../../components/userErrors";
import type { SortedErrors } from "../../components/userErrors";
import { splitList } from "../../components/format";
import { ORGANIZATION_KINDS } from "../person/enums";

const none: SortedErrors = { byField: {}, general: [], conflict: null };

export default function NewOrganizationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [f, setF] = useState({ name: "", nameEn: "", kind: "", aliases: "", country: "", city: "", website: "", description: "" });
  const [parent, setParent] = useState<Picked | null>(null);
  const [errors, setErrors] = useState(none);
  const [{ fetching }, create] = useMutation(CreateOrganizationMutation);
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setF((s) => ({ ...s, [k]: e.target.value }));
  const opt = (v: string) => (v.trim() === "" ? null : v.trim());
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!f.kind) {
      setErrors({ ...none, byField: { kind: [t("form.required")] } });
      return;
    }
    const result = await create({
      input: {
        name: f.name.trim(),
        nameEn: opt(f.nameEn),
        kind: f.kind as never,
        aliases: splitList(f.aliases),
        country: opt(f.country),
        city: opt(f.city),
        website: opt(f.website),
        description: opt(f.description),
        parent: parent?.id ?? null,
      },
    });
    if (result.error) return setErrors({ ...none, general: [result.error.message] });
    const payload = result.data?.createOrganization;
    if (payload?.organization) navigate(`/organizations/${encodeURIComponent(payload.organization.id)}`);
    else setErrors(sortErrors(payload?.errors));
  };
  const fe = errors.byField;
  return (
    <section className="card">
      <h1>{t("nav.newOrganization")}</h1>
      <form onSubmit={submit} noValidate>
        <FormErrors messages={errors.general} />
        <div className="form-grid">
          <Field label={t("organization.name")} errors={fe.name}>
            {(p) => <input {...p} value={f.name} onChange={set("name")} required />}
          </Field>
          <Field label={t("organization.nameEn")} errors={fe.nameEn}>
            {(p) => <input {...p} lang="en" value={f.nameEn} onChange={set("nameEn")} />}
          </Field>
          <Field label={t("organization.kind")} errors={fe.kind}>
            {(p) => (
              <select {...p} value={f.kind} onChange={set("kind")} required>
                <option value="">—</option>
                {ORGANIZATION_KINDS.map((k) => <option key={k} value={k}>{t(`orgKind.${k}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t("organization.aliases")} errors={fe.aliases} hint={t("form.commaSeparated")}>
            {(p) => <input {...p} value={f.aliases} onChange={set("aliases")} />}
          </Field>
          <Field label={t("person.country")} errors={fe.country} hint={t("person.countryHint")}>
            {(p) => <input {...p} value={f.country} onChange={set("country")} />}
          </Field>
          <Field label={t("person.city")} errors={fe.city}>
            {(p) => <input {...p} value={f.city} onChange={set("city")} />}
          </Field>
          <Field label={t("organization.website")} errors={fe.website}>
            {(p) => <input {...p} type="url" value={f.website} onChange={set("website")} />}
          </Field>
        </div>
        <RecordPicker label={t("organization.parent")} types={["ORGANIZATION"]} value={parent} onChange={setParent} errors={fe.parent} />
        <Field label={t("organization.description")} errors={fe.description}>
          {(p) => <textarea {...p} rows={3} value={f.description} onChange={set("description")} />}
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={fetching}>{t("form.create")}</button>
        </div>
      </form>
    </section>
  );
}
