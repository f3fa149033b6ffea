// Edit a person in place: only the changed fields are sent with the version read; the
// server's errors appear at their fields, and a version conflict offers reload or overwrite.
import { useState } from "react";
import { useMutation } from "urql";
import { useTranslation } from "react-i18next";
import { UpdatePersonMutation } from "./queries";
import type { PersonQuery } from "../../gql/graphql";
import { Field, FormErrors } from "../../components/Form";
import { sortErrors } from "../../components/userErrors";
import type { SortedErrors } from "../../components/userErrors";
import { DIALECTS, HONOURS } from "./enums";
import { changes, draftOf } from "./draft";
import type { Draft } from "./draft";

type PersonData = Extract<NonNullable<PersonQuery["node"]>, { __typename: "Person" }>;

interface Props {
  person: PersonData;
  contactsVisible: boolean;
  onDone(): void;
  onReload(): void;
}

export function ProfileEditor({ person, contactsVisible, onDone, onReload }: Props) {
  const { t } = useTranslation();
  const [base] = useState(() => draftOf(person));
  const [baseVersion] = useState(person.version);
  const [draft, setDraft] = useState(base);
  const [errors, setErrors] = useState<SortedErrors>(sortErrors([]));
  const [{ fetching }, update] = useMutation(UpdatePersonMutation);
  const set = (k: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));

  const save = async (version: number) => {
    const input = { id: person.id, expectedVersion: version, ...changes(base, draft) };
    if (Object.keys(input).length === 2) {
      onDone();
      return;
    }
    const result = await update({ input: input as never });
    if (result.error) {
      setErrors({ byField: {}, general: [result.error.message], conflict: null });
      return;
    }
    const payload = result.data?.updatePerson;
    if (payload && payload.errors.length === 0) onDone();
    else setErrors(sortErrors(payload?.errors));
  };

  const fe = errors.byField;
  return (
    <form
      className="profile-form"
      aria-label={t("person.editProfile")}
      onSubmit={(e) => {
        e.preventDefault();
        void save(baseVersion);
      }}
    >
      {errors.conflict && (
        <div className="conflict" role="alert">
          <p>
            <strong>{t("conflict.title")}</strong> {t("conflict.explain")}
          </p>
          <p className="muted">{errors.conflict.message}</p>
          <button type="button" onClick={onReload}>
            {t("conflict.reload")}
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => void save(errors.conflict?.currentVersion ?? baseVersion)}
          >
            {t("conflict.overwrite")}
          </button>
        </div>
      )}
      <FormErrors messages={errors.general} />
      <div className="form-grid">
        <Field label={t("person.name")} errors={fe.name}>
          {(p) => <input {...p} value={draft.name} onChange={set("name")} required />}
        </Field>
        <Field label={t("person.nameLatin")} errors={fe.nameLatin}>
          {(p) => <input {...p} lang="en" value={draft.nameLatin} onChange={set("nameLatin")} />}
        </Field>
        <Field label={t("person.country")} errors={fe.country} hint={t("person.countryHint")}>
          {(p) => <input {...p} value={draft.country} onChange={set("country")} />}
        </Field>
        <Field label={t("person.city")} errors={fe.city}>
          {(p) => <input {...p} value={draft.city} onChange={set("city")} />}
        </Field>
        <Field label={t("person.hometownProvince")} errors={fe.hometownProvince}>
          {(p) => <input {...p} value={draft.hometownProvince} onChange={set("hometownProvince")} />}
        </Field>
        <Field label={t("person.hometownCity")} errors={fe.hometownCity}>
          {(p) => <input {...p} value={draft.hometownCity} onChange={set("hometownCity")} />}
        </Field>
        <Field label={t("person.hometownCounty")} errors={fe.hometownCounty}>
          {(p) => <input {...p} value={draft.hometownCounty} onChange={set("hometownCounty")} />}
        </Field>
        <Field label={t("person.dialectGroup")} errors={fe.dialectGroup}>
          {(p) => (
            <select {...p} value={draft.dialectGroup} onChange={set("dialectGroup")}>
              <option value="">—</option>
              {DIALECTS.map((d) => (
                <option key={d} value={d}>
                  {t(`dialect.${d}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("person.expertise")} errors={fe.expertise} hint={t("form.commaSeparated")}>
          {(p) => <input {...p} value={draft.expertise} onChange={set("expertise")} />}
        </Field>
        <Field label={t("person.cadence")} errors={fe.contactCadenceDays} hint={t("person.cadenceHint")}>
          {(p) => (
            <input {...p} type="number" inputMode="numeric" value={draft.contactCadenceDays} onChange={set("contactCadenceDays")} />
          )}
        </Field>
        {contactsVisible && (
          <>
            <Field label={t("person.email")} errors={fe.email}>
              {(p) => <input {...p} type="email" value={draft.email} onChange={set("email")} />}
            </Field>
            <Field label={t("person.phone")} errors={fe.phone} hint={t("person.phoneHint")}>
              {(p) => <input {...p} type="tel" value={draft.phone} onChange={set("phone")} />}
            </Field>
            <Field label={t("person.wechat")} errors={fe.wechat}>
              {(p) => <input {...p} value={draft.wechat} onChange={set("wechat")} />}
            </Field>
          </>
        )}
      </div>
      <fieldset className="checks">
        <legend>{t("person.honours")}</legend>
        {HONOURS.map((h) => (
          <label key={h}>
            <input
              type="checkbox"
              checked={draft.honours.includes(h)}
              onChange={(e) =>
                setDraft((d) => ({
                  ...d,
                  honours: e.target.checked ? [...d.honours, h] : d.honours.filter((x) => x !== h),
                }))
              }
            />
            {t(`honour.${h}`)}
          </label>
        ))}
        {fe.honours && <p className="field-error">{fe.honours.join("; ")}</p>}
      </fieldset>
      <Field label={t("person.notes")} errors={fe.notes}>
        {(p) => <textarea {...p} rows={3} value={draft.notes} onChange={set("notes")} />}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={fetching}>
          {t("form.save")}
        </button>
        <button type="button" onClick={onDone}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}
