import { useTranslation } from "react-i18next";

interface Props {
  page: number;
  total: number;
  hasNext: boolean;
  onNext(): void;
  onPrevious(): void;
  label: string;
}

/** Previous / next over a cursor connection, with the total the API counts. */
export function Pager({ page, total, hasNext, onNext, onPrevious, label }: Props) {
  const { t } = useTranslation();
  if (page === 1 && !hasNext) return null;
  return (
    <nav className="pager" aria-label={t("pager.label", { what: label })}>
      <button type="button" onClick={onPrevious} disabled={page <= 1}>
        {t("pager.previous")}
      </button>
      <span>{t("pager.page", { page, total })}</span>
      <button type="button" onClick={onNext} disabled={!hasNext}>
        {t("pager.next")}
      </button>
    </nav>
  );
}
