// Which name a report shows: the name as written in Chinese, the English one in English.

export function displayName(record: { name: string; nameEn?: string | null }, language: string): string {
  return language.startsWith("zh") ? record.name : record.nameEn || record.name;
}
