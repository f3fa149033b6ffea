// Both catalogs hold the same keys, and every key the code names literally exists.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import zh from "./zh-CN.json";
import en from "./en.json";
import { initialLanguage } from "./language";

function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === "object" && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "gql") return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("i18n catalogs", () => {
  const zhKeys = new Set(keys(zh));
  const enKeys = new Set(keys(en));

  it("have the same keys in Chinese and English", () => {
    expect([...zhKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it("hold every key the code names", () => {
    const used = new Set<string>();
    for (const file of sources(join(__dirname, ".."))) {
      for (const m of readFileSync(file, "utf8").matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const plural = (k: string) => zhKeys.has(k) || zhKeys.has(`${k}_other`) || zhKeys.has(`${k}_one`);
    expect([...used].filter((k) => !plural(k))).toEqual([]);
  });

  it("starts in Simplified Chinese unless English was chosen", () => {
    expect(initialLanguage(null)).toBe("zh-CN");
    expect(initialLanguage("fr")).toBe("zh-CN");
    expect(initialLanguage("en")).toBe("en");
  });
});
