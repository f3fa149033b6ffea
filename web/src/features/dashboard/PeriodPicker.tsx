// Which days the dashboard counts: all the data (the default), a year the data covers,
// or from–to days; the choice goes to the URL, so a view can be shared.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { yearsCovered } from "./period";
import type { PeriodChoice } from "./period";

interface Props {
  choice: PeriodChoice;
  /** The first and last day of the whole data's activity, once known. */
  span: { from: string; to: string } | null;
  onChoose(choice: PeriodChoice): void;
}

function selectValue(choice: PeriodChoice): string {
  return choice.kind === "year" ? String(choice.year) : choice.kind;
}

export function PeriodPicker({ choice, span, onChoose }: Props) {
  const { t } = useTranslation();
  const [custom, setCustom] = useState(choice.kind === "range");
  const [from, setFrom] = useState(choice.kind === "range" ? (choice.from ?? "") : "");
  const [to, setTo] = useState(choice.kind === "range" ? (choice.to ?? "") : "");
  const years = span ? yearsCovered(span.from, span.to) : [];
  if (choice.kind === "year" && !years.includes(choice.year)) years.push(choice.year);
  const onSelect = (value: string) => {
    if (value === "range") return setCustom(true);
    setCustom(false);
    onChoose(value === "all" ? { kind: "all" } : { kind: "year", year: Number(value) });
  };
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    onChoose({ kind: "range", from: from || null, to: to || null });
  };
  return (
    <form className="period-picker no-print" onSubmit={apply}>
      <div className="period-choice">
        <label htmlFor="dashboard-period">{t("dashboard.period.label")}</label>
        <select id="dashboard-period" value={custom ? "range" : selectValue(choice)} onChange={(e) => onSelect(e.target.value)}>
          <option value="all">
            {span ? t("dashboard.period.allSpan", { from: span.from.slice(0, 7), to: span.to.slice(0, 7) }) : t("dashboard.period.all")}
          </option>
          {years.map((y) => (
            <option key={y} value={String(y)}>{t("dashboard.period.year", { year: y })}</option>
          ))}
          <option value="range">{t("dashboard.period.range")}</option>
        </select>
      </div>
      {custom && (
        <>
          <label>
            {t("dashboard.period.from")}
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            {t("dashboard.period.to")}
            <input type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
          </label>
          <button type="submit">{t("dashboard.period.apply")}</button>
        </>
      )}
    </form>
  );
}
