// The figures behind the dashboard's charts, as tables (the charts' text alternative).
import { useTranslation } from "react-i18next";
import { formatCount, formatShare } from "./amounts";
import type { Datum } from "./options";

export function BreakdownTable({ caption, rows, others, unknown }: { caption: string; rows: readonly Datum[]; others: number; unknown: number }) {
  const { t, i18n } = useTranslation();
  const count = (n: number) => formatCount(n, i18n.language);
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("dashboard.value")}</th>
          <th scope="col">{t("dashboard.count")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td>{count(r.value)}</td>
          </tr>
        ))}
        {others > 0 && (
          <tr>
            <th scope="row">{t("dashboard.others")}</th>
            <td>{count(others)}</td>
          </tr>
        )}
        {unknown > 0 && (
          <tr>
            <th scope="row">{t("dashboard.unknown")}</th>
            <td>{count(unknown)}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export interface StageRow {
  stage: string;
  now: number;
  reached: number;
  conversion: number | null | undefined;
  amounts: string[];
}

export function StageTable({ caption, rows, amountHeads }: { caption: string; rows: readonly StageRow[]; amountHeads: string[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("dashboard.stage")}</th>
          <th scope="col">{t("dashboard.stageNow")}</th>
          <th scope="col">{t("dashboard.stageReached")}</th>
          <th scope="col">{t("dashboard.conversion")}</th>
          {amountHeads.map((h) => <th key={h} scope="col">{h}</th>)}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.stage}>
            <th scope="row">{r.stage}</th>
            <td>{formatCount(r.now, lang)}</td>
            <td>{formatCount(r.reached, lang)}</td>
            <td>{formatShare(r.conversion, lang)}</td>
            {r.amounts.map((a, i) => <td key={amountHeads[i]}>{a}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
