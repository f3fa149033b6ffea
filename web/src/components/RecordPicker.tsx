// Choose a person or an organisation by typing any spelling of the name.
import { useId, useState } from "react";
import { useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { graphql } from "../gql";
import type { SearchType } from "../gql/graphql";
import { useDebounced } from "./useDebounced";

const PickerSearch = graphql(`
  query PickerSearch($text: String!, $types: [SearchType!]) {
    search(text: $text, first: 6, types: $types) {
      record {
        __typename
        ... on Person { id name nameLatin city country }
        ... on Organization { id name nameEn city country }
      }
    }
  }
`);

export interface Picked {
  id: string;
  label: string;
}

interface Props {
  label: string;
  types: SearchType[];
  value: Picked | null;
  onChange(value: Picked | null): void;
  errors?: string[];
}

export function RecordPicker({ label, types, value, onChange, errors }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState("");
  const query = useDebounced(text.trim(), 150);
  const [{ data, fetching }] = useQuery({
    query: PickerSearch,
    variables: { text: query, types },
    pause: !query || value !== null,
  });
  const records = (data?.search ?? []).map((h) => h.record).filter((r) => r != null);
  return (
    <div className={errors?.length ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {value ? (
        <div className="picked">
          <span>{value.label}</span>
          <button type="button" className="link-button" onClick={() => onChange(null)}>
            {t("picker.change")}
          </button>
        </div>
      ) : (
        <>
          <input
            id={id}
            type="search"
            value={text}
            placeholder={t("picker.placeholder")}
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={errors?.length ? `${id}-error` : undefined}
            onChange={(e) => setText(e.target.value)}
          />
          {query && (
            <ul className="picker-results" aria-label={t("picker.results", { what: label })}>
              {records.map((r) => {
                const latin = r.__typename === "Person" ? r.nameLatin : r.nameEn;
                const text = latin && latin !== r.name ? `${r.name} ${latin}` : r.name;
                return (
                  <li key={r.id}>
                    <button type="button" onClick={() => { setText(""); onChange({ id: r.id, label: text }); }}>
                      {text}
                      {r.city ? <small> · {r.city}</small> : null}
                    </button>
                  </li>
                );
              })}
              {!fetching && records.length === 0 && <li className="state-empty">{t("search.none", { text: query })}</li>}
            </ul>
          )}
        </>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} className="field-error">
          {errors.join("; ")}
        </p>
      ) : null}
    </div>
  );
}
