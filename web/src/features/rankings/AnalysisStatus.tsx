// Which analysis a ranking comes from: its revision and age, and whether it is behind.
import { useTranslation } from "react-i18next";
import { formatAge } from "./filters";

export interface AnalysisInfo {
  computedAt?: string | null;
  metricsRevision?: number | null;
  currentRevision: number;
  stale: boolean;
  updating: boolean;
  ageSeconds?: number | null;
}

export function AnalysisStatus({ analysis }: { analysis: AnalysisInfo }) {
  const { t, i18n } = useTranslation();
  if (!analysis.computedAt) {
    return (
      <p className="notice" role="status">
        {t("rankings.neverAnalysed")} {analysis.updating && t("rankings.updating")}
      </p>
    );
  }
  const age = formatAge(analysis.ageSeconds, i18n.language);
  const revision = analysis.metricsRevision ?? "—";
  return analysis.stale ? (
    <p className="notice stale" role="status">
      {t("rankings.stale", { revision, current: analysis.currentRevision, age })}{" "}
      {analysis.updating ? t("rankings.updating") : t("rankings.staleHint")}
    </p>
  ) : (
    <p className="muted" role="status">
      {t("rankings.fresh", { revision, age })}
    </p>
  );
}
