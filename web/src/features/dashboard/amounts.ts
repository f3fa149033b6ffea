// Money and counts as a reader says them: 7.019 bn yuan in English, 70.19亿元 in Chinese.
// Amounts arrive as Decimal strings in major units; they are never added across currencies.

export interface Amount {
  amount: string;
  currency: string;
}

const ZH_UNITS: [number, string][] = [
  [1e8, "亿"],
  [1e4, "万"],
];
const EN_UNITS: [number, string][] = [
  [1e9, "bn"],
  [1e6, "m"],
];
const ZH_CURRENCY: Record<string, string> = { CNY: "元", USD: "美元", EUR: "欧元", HKD: "港元", GBP: "英镑", SGD: "新加坡元" };
const EN_CURRENCY: Record<string, string> = { CNY: "yuan" };

function isChinese(language: string): boolean {
  return language.toLowerCase().startsWith("zh");
}

/** Up to `digits` decimals, trailing zeros dropped, grouped for the language. */
function scaled(value: number, digits: number, language: string): string {
  return value.toLocaleString(isChinese(language) ? "zh-CN" : "en", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/**
 * "7019360000.00", "CNY" → "70.19亿元" (zh) or "7.019 bn yuan" (en); amounts below the
 * smallest unit are written out in full ("8,500元", "8,500 yuan"). A value that is not a
 * number is an error, not a silent "NaN".
 */
export function formatAmount({ amount, currency }: Amount, language: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) throw new Error(`not an amount: ${JSON.stringify(amount)}`);
  const zh = isChinese(language);
  const units = zh ? ZH_UNITS : EN_UNITS;
  const unit = units.find(([size]) => Math.abs(value) >= size);
  const number = unit ? scaled(value / unit[0], zh ? 2 : 3, language) : scaled(value, 2, language);
  if (zh) return `${number}${unit ? unit[1] : ""}${ZH_CURRENCY[currency] ?? ` ${currency}`}`;
  return `${number}${unit ? ` ${unit[1]}` : ""} ${EN_CURRENCY[currency] ?? currency}`;
}

/** Several currencies side by side ("—" for none): they are never summed together. */
export function formatAmounts(amounts: readonly Amount[], language: string): string {
  return amounts.length ? amounts.map((a) => formatAmount(a, language)).join(" + ") : "—";
}

/** A count with the language's digit grouping: 1023 → "1,023". */
export function formatCount(value: number, language: string): string {
  return value.toLocaleString(isChinese(language) ? "zh-CN" : "en");
}

/** A share 0–1 as a whole percentage ("58%"), "—" when there is none. */
export function formatShare(value: number | null | undefined, language: string): string {
  if (value === null || value === undefined) return "—";
  return value.toLocaleString(isChinese(language) ? "zh-CN" : "en", { style: "percent", maximumFractionDigits: 1 });
}

/** The amount in one currency of a list (for charts, which plot one currency), else 0. */
export function amountIn(amounts: readonly Amount[], currency: string): number {
  const found = amounts.find((a) => a.currency === currency);
  return found ? Number(found.amount) : 0;
}
