// Loading, error and empty states: every list and page shows one of these, never a blank.
import { useTranslation } from "react-i18next";
import type { CombinedError } from "urql";

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("state.loading")}
    </div>
  );
}

/** The message to show for an API error: the server's own words where it sent some. */
export function errorMessage(error: CombinedError | Error | string): string {
  if (typeof error === "string") return error;
  if ("graphQLErrors" in error && error.graphQLErrors.length > 0) {
    return error.graphQLErrors.map((e) => e.message).join("; ");
  }
  if ("networkError" in error && error.networkError) return error.networkError.message;
  return error.message;
}

export function ErrorState({
  error,
  onRetry,
}: {
  error: CombinedError | Error | string;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>{t("state.error")}</strong> {errorMessage(error)}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t("state.retry")}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}
