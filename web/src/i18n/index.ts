// i18next set-up: Simplified Chinese first, English by the switch; the choice is kept.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import zh from "./zh-CN.json";
import en from "./en.json";

import { initialLanguage, STORAGE_KEY } from "./language";
import type { Language } from "./language";

export type { Language };

function stored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function setLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this page only
  }
  void i18n.changeLanguage(language);
}

const language = initialLanguage(typeof window === "undefined" ? null : stored());
void i18n.use(initReactI18next).init({
  resources: { "zh-CN": { translation: zh }, en: { translation: en } },
  lng: language,
  fallbackLng: "zh-CN",
  interpolation: { escapeValue: false },
  returnNull: false,
});
i18n.on("languageChanged", (lng) => {
  document.documentElement.lang = lng;
});
if (typeof document !== "undefined") document.documentElement.lang = language;

export default i18n;
