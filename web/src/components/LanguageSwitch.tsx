import { useTranslation } from "react-i18next";
import { setLanguage } from "../i18n";

/** 中文 ⇄ English; the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const english = i18n.language === "en";
  return (
    <button
      type="button"
      className="link-button"
      lang={english ? "zh-CN" : "en"}
      aria-label={`${english ? "中文" : "English"} (${t("language.switch")})`}
      onClick={() => setLanguage(english ? "zh-CN" : "en")}
    >
      {english ? "中文" : "English"}
    </button>
  );
}
