// How a search hit matched, in words a liaison officer reads: "pinyin", "Cantonese
// spelling", "alias"… The API says which form of the name the key is (keyKind), how it
// met the query (match) and the key itself (matched: a reading key names its system,
// "陈 kin-kwok (Cantonese)").

export type MatchKey =
  | "written"
  | "latin"
  | "full"
  | "alias"
  | "former"
  | "given"
  | "western"
  | "initials"
  | "surname"
  | "part"
  | "soundsLike"
  | "similar"
  | "other";

export interface MatchDescription {
  /** i18n key under search.match.* */
  key: MatchKey;
  /** Spelling systems named by a reading key ("Cantonese", "Hokkien"), in order. */
  systems: string[];
  /** The key that matched, without the system mark. */
  detail: string;
}

const SYSTEMS = ["Hokkien", "Teochew", "Hakka", "Cantonese", "Wade–Giles", "Wade-Giles"];

/** Split "陈 lak-sai (Hokkien, Teochew)" into its body and the systems it names; the
 * API joins several readings with "; " ("曾 ui (Teochew, Hokkien); 曾 wei (Wade–Giles)"). */
export function readingSystems(matched: string): { body: string; systems: string[] } {
  const bodies: string[] = [];
  const systems: string[] = [];
  for (const part of matched.split("; ")) {
    const m = /^(.*) \(([^()]+)\)$/.exec(part.trim());
    const named = m ? m[2].split(",").map((s) => s.trim()) : [];
    if (!m || !named.every((s) => SYSTEMS.includes(s))) {
      bodies.push(part);
      continue;
    }
    bodies.push(m[1]);
    for (const s of named.map((x) => (x === "Wade-Giles" ? "Wade–Giles" : x))) {
      if (!systems.includes(s)) systems.push(s);
    }
  }
  return { body: [...new Set(bodies)].join("; "), systems };
}

const BY_KEY_KIND: Record<string, MatchKey> = {
  NAME: "written",
  LATIN: "latin",
  FULL: "full",
  ALIAS: "alias",
  FORMER: "former",
  GIVEN: "given",
  WESTERN: "western",
  INITIALS: "initials",
  SURNAME: "surname",
  PART: "part",
};

export function describeMatch(hit: {
  match: string;
  keyKind?: string | null;
  matched: string;
}): MatchDescription {
  const { body, systems } = readingSystems(hit.matched);
  if (hit.match === "SOUNDS_LIKE") return { key: "soundsLike", systems, detail: body };
  if (hit.match === "SIMILAR" && !hit.keyKind) return { key: "similar", systems, detail: body };
  const key = BY_KEY_KIND[hit.keyKind ?? ""] ?? "other";
  return { key, systems, detail: body };
}
