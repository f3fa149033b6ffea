// Which language the app speaks: Simplified Chinese unless English was chosen.
export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const STORAGE_KEY = "crm.language";

/** The language to start in: the remembered choice, else Simplified Chinese. */
export function initialLanguage(stored: string | null): Language {
  return (LANGUAGES as readonly string[]).includes(stored ?? "") ? (stored as Language) : "zh-CN";
}
