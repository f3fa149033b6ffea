// The filters the ranking queries offer: country, field, organisation, community.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { RecordPicker } from "../../components/RecordPicker";
import type { Picked } from "../../components/RecordPicker";
import { splitList } from "../../components/format";
import type { RankingFilters } from "./filters";

export function RankingFiltersForm({ value, onApply }: { value: RankingFilters; onApply(f: RankingFilters): void }) {
  const { t } = useTranslation();
  const [country, setCountry] = useState(value.country.join(", "));
  const [field, setField] = useState(value.field.join(", "));
  const [organization, setOrganization] = useState<Picked | null>(value.organization);
  const [community, setCommunity] = useState(value.community.join(", "));
  const [error, setError] = useState<string | null>(null);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const numbers = splitList(community);
    if (numbers.some((n) => !/^\d+$/.test(n))) return setError(t("rankings.badCommunity"));
    setError(null);
    onApply({
      country: splitList(country).map((c) => c.toUpperCase()),
      field: splitList(field),
      organization,
      community: numbers.map(Number),
    });
  };
  const clear = () => {
    setCountry("");
    setField("");
    setOrganization(null);
    setCommunity("");
    setError(null);
    onApply({ country: [], field: [], organization: null, community: [] });
  };
  return (
    <form className="card ranking-filters" aria-label={t("rankings.filters")} onSubmit={submit}>
      <div className="form-grid">
        <label className="field">
          <span>{t("rankings.country")}</span>
          <input value={country} onChange={(e) => setCountry(e.target.value)} placeholder="GB, US" aria-describedby="rk-country-hint" />
          <small id="rk-country-hint" className="hint">{t("rankings.countryHint")}</small>
        </label>
        <label className="field">
          <span>{t("rankings.field")}</span>
          <input value={field} onChange={(e) => setField(e.target.value)} aria-describedby="rk-field-hint" />
          <small id="rk-field-hint" className="hint">{t("rankings.fieldHint")}</small>
        </label>
        <RecordPicker label={t("rankings.organization")} types={["ORGANIZATION"]} value={organization} onChange={setOrganization} />
        <label className="field">
          <span>{t("rankings.community")}</span>
          <input value={community} onChange={(e) => setCommunity(e.target.value)} inputMode="numeric" aria-invalid={error ? true : undefined} aria-describedby="rk-community-hint" />
          <small id="rk-community-hint" className="hint">{t("rankings.communityHint")}</small>
        </label>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="actions">
        <button type="submit">{t("rankings.apply")}</button>
        <button type="button" onClick={clear}>{t("rankings.clear")}</button>
      </div>
    </form>
  );
}
