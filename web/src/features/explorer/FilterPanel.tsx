// Filter the drawing by country, field, organisation kind and community (of the nodes shown).
import { useId, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { NO_FILTER, communityColour, filterChoices } from "./graph";
import type { Filter, ShownGraph } from "./graph";

interface Props {
  graph: ShownGraph;
  revision: number;
  filter: Filter;
  onChange(filter: Filter): void;
}

/** A country code as its name in the reader's language (the code when unknown). */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function FilterPanel({ graph, revision, filter, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  // the graph is mutated in place: `revision` says when its nodes changed
  const choices = useMemo(() => filterChoices(graph), [graph, revision]);
  const set = (patch: Partial<Filter>) => onChange({ ...filter, ...patch });
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("explorer.filter.title")}</h2>
      <div className="explorer-filters">
        <div className="field">
          <label htmlFor={`${id}-country`}>{t("explorer.filter.country")}</label>
          <select id={`${id}-country`} value={filter.country ?? ""} onChange={(e) => set({ country: e.target.value || null })}>
            <option value="">{t("explorer.filter.any")}</option>
            {choices.countries.map((c) => (
              <option key={c} value={c}>{countryName(c, i18n.language)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-field`}>{t("explorer.filter.field")}</label>
          <select id={`${id}-field`} value={filter.field ?? ""} onChange={(e) => set({ field: e.target.value || null })}>
            <option value="">{t("explorer.filter.any")}</option>
            {choices.fields.map((f) => (
              <option key={f} value={f}>{f}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t("explorer.filter.orgKind")}</label>
          <select id={`${id}-kind`} value={filter.orgKind ?? ""} onChange={(e) => set({ orgKind: e.target.value || null })}>
            <option value="">{t("explorer.filter.any")}</option>
            {choices.orgKinds.map((k) => (
              <option key={k} value={k}>{t(`orgKind.${k}`, { defaultValue: k })}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-community`}>{t("explorer.filter.community")}</label>
          <select
            id={`${id}-community`}
            value={filter.community ?? ""}
            onChange={(e) => set({ community: e.target.value === "" ? null : Number(e.target.value) })}
          >
            <option value="">{t("explorer.filter.any")}</option>
            {choices.communities.map((c) => (
              <option key={c} value={c}>{t("explorer.filter.communityN", { n: c })}</option>
            ))}
          </select>
        </div>
      </div>
      {choices.communities.length > 0 && (
        <ul className="explorer-legend" aria-label={t("explorer.filter.legend")}>
          {choices.communities.slice(0, 12).map((c) => (
            <li key={c}>
              <svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="6" fill={communityColour(c)} /></svg>
              {t("explorer.filter.communityN", { n: c })}
            </li>
          ))}
        </ul>
      )}
      {filter !== NO_FILTER && (
        <button type="button" className="link-button" onClick={() => onChange(NO_FILTER)}>
          {t("explorer.filter.clear")}
        </button>
      )}
    </section>
  );
}
