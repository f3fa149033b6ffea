// The profile form's values, and the fields that changed: only those are sent, so a save
// never overwrites what another officer changed in a field this one did not touch.
import { splitList } from "../../components/format";

export interface PersonFields {
  name: string;
  nameLatin?: string | null;
  country?: string | null;
  city?: string | null;
  hometownProvince?: string | null;
  hometownCity?: string | null;
  hometownCounty?: string | null;
  dialectGroup?: string | null;
  expertise: readonly string[];
  honours: readonly string[];
  contactCadenceDays?: number | null;
  notes?: string | null;
  email?: string | null;
  phone?: string | null;
  wechat?: string | null;
}

export interface Draft {
  name: string;
  nameLatin: string;
  country: string;
  city: string;
  hometownProvince: string;
  hometownCity: string;
  hometownCounty: string;
  dialectGroup: string;
  expertise: string;
  honours: string[];
  contactCadenceDays: string;
  notes: string;
  email: string;
  phone: string;
  wechat: string;
}

export function draftOf(p: PersonFields): Draft {
  return {
    name: p.name,
    nameLatin: p.nameLatin ?? "",
    country: p.country ?? "",
    city: p.city ?? "",
    hometownProvince: p.hometownProvince ?? "",
    hometownCity: p.hometownCity ?? "",
    hometownCounty: p.hometownCounty ?? "",
    dialectGroup: p.dialectGroup ?? "",
    expertise: p.expertise.join(", "),
    honours: [...p.honours],
    contactCadenceDays: p.contactCadenceDays?.toString() ?? "",
    notes: p.notes ?? "",
    email: p.email ?? "",
    phone: p.phone ?? "",
    wechat: p.wechat ?? "",
  };
}

/** The input fields that differ from what was read: only these are sent. */
export function changes(before: Draft, after: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const text = (k: keyof Draft) => {
    if (before[k] !== after[k]) out[k] = (after[k] as string).trim() === "" ? null : (after[k] as string).trim();
  };
  for (const k of ["name", "nameLatin", "country", "city", "hometownProvince", "hometownCity", "hometownCounty", "notes", "email", "phone", "wechat"] as const) {
    text(k);
  }
  if (before.dialectGroup !== after.dialectGroup) out.dialectGroup = after.dialectGroup || null;
  if (before.expertise !== after.expertise) out.expertise = splitList(after.expertise);
  if ([...before.honours].sort().join() !== [...after.honours].sort().join()) out.honours = after.honours;
  if (before.contactCadenceDays !== after.contactCadenceDays) {
    const v = after.contactCadenceDays.trim();
    out.contactCadenceDays = v === "" ? null : Number(v);
  }
  return out;
}

