// Create a person; the server validates and its errors appear at their fields.
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { useMutation } from "urql";
import { useTranslation } from "react-i18next";
import { CreatePersonMutation } from "./queries";
import { Field, FormErrors } from "../../components/Form";
import { sortErrors } from "../../components/userErrors";
import type { SortedErrors } from "../../components/userErrors";
import { splitList } from "../../components/format";
import { DIALECTS, GENDERS } from "./enums";

const none: SortedErrors = { byField: {}, general: [], conflict: null };

export default function NewPersonPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [f, setF] = useState({ name: "", nameLatin: "", gender: "", birthYear: "", country: "", city: "", hometownProvince: "", hometownCity: "", dialectGroup: "", expertise: "", email: "", phone: "", wechat: "", contactCadenceDays: "" });
  const [errors, setErrors] = useState(none);
  const [{ fetching }, create] = useMutation(CreatePersonMutation);
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF((s) => ({ ...s, [k]: e.target.value }));
  const opt = (v: string) => (v.trim() === "" ? null : v.trim());
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const result = await create({
      input: {
        name: f.name.trim(),
        nameLatin: opt(f.nameLatin),
        gender: (opt(f.gender) as never) ?? null,
        birthYear: f.birthYear ? Number(f.birthYear) : null,
        country: opt(f.country),
        city: opt(f.city),
        hometownProvince: opt(f.hometownProvince),
        hometownCity: opt(f.hometownCity),
        dialectGroup: (opt(f.dialectGroup) as never) ?? null,
        expertise: splitList(f.expertise),
        email: opt(f.email),
        phone: opt(f.phone),
        wechat: opt(f.wechat),
        contactCadenceDays: f.contactCadenceDays ? Number(f.contactCadenceDays) : null,
      },
    });
    if (result.error) return setErrors({ ...none, general: [result.error.message] });
    const payload = result.data?.createPerson;
    if (payload?.person) navigate(`/people/${encodeURIComponent(payload.person.id)}`);
    else setErrors(sortErrors(payload?.errors));
  };
  const fe = errors.byField;
  return (
    <section className="card">
      <h1>{t("nav.newPerson")}</h1>
      <form onSubmit={submit} noValidate>
        <FormErrors messages={errors.general} />
        <div className="form-grid">
          <Field label={t("person.name")} errors={fe.name} hint={t("person.nameHint")}>
            {(p) => <input {...p} value={f.name} onChange={set("name")} required />}
          </Field>
          <Field label={t("person.nameLatin")} errors={fe.nameLatin} hint={t("person.nameLatinHint")}>
            {(p) => <input {...p} lang="en" value={f.nameLatin} onChange={set("nameLatin")} />}
          </Field>
          <Field label={t("person.gender")} errors={fe.gender}>
            {(p) => (
              <select {...p} value={f.gender} onChange={set("gender")}>
                <option value="">—</option>
                {GENDERS.map((g) => <option key={g} value={g}>{t(`gender.${g}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t("person.birthYear")} errors={fe.birthYear}>
            {(p) => <input {...p} type="number" value={f.birthYear} onChange={set("birthYear")} />}
          </Field>
          <Field label={t("person.country")} errors={fe.country} hint={t("person.countryHint")}>
            {(p) => <input {...p} value={f.country} onChange={set("country")} />}
          </Field>
          <Field label={t("person.city")} errors={fe.city}>
            {(p) => <input {...p} value={f.city} onChange={set("city")} />}
          </Field>
          <Field label={t("person.hometownProvince")} errors={fe.hometownProvince}>
            {(p) => <input {...p} value={f.hometownProvince} onChange={set("hometownProvince")} />}
          </Field>
          <Field label={t("person.hometownCity")} errors={fe.hometownCity}>
            {(p) => <input {...p} value={f.hometownCity} onChange={set("hometownCity")} />}
          </Field>
          <Field label={t("person.dialectGroup")} errors={fe.dialectGroup}>
            {(p) => (
              <select {...p} value={f.dialectGroup} onChange={set("dialectGroup")}>
                <option value="">—</option>
                {DIALECTS.map((d) => <option key={d} value={d}>{t(`dialect.${d}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t("person.expertise")} errors={fe.expertise} hint={t("form.commaSeparated")}>
            {(p) => <input {...p} value={f.expertise} onChange={set("expertise")} />}
          </Field>
          <Field label={t("person.email")} errors={fe.email}>
            {(p) => <input {...p} type="email" value={f.email} onChange={set("email")} />}
          </Field>
          <Field label={t("person.phone")} errors={fe.phone} hint={t("person.phoneHint")}>
            {(p) => <input {...p} type="tel" value={f.phone} onChange={set("phone")} />}
          </Field>
          <Field label={t("person.wechat")} errors={fe.wechat}>
            {(p) => <input {...p} value={f.wechat} onChange={set("wechat")} />}
          </Field>
          <Field label={t("person.cadence")} errors={fe.contactCadenceDays} hint={t("person.cadenceHint")}>
            {(p) => <input {...p} type="number" value={f.contactCadenceDays} onChange={set("contactCadenceDays")} />}
          </Field>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={fetching}>{t("form.create")}</button>
        </div>
      </form>
    </section>
  );
}
