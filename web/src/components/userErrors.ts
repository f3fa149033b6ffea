// The server's typed errors (UserError) sorted for a form: each at its field, the rest
// above the form, a version conflict recognised.

export interface UserErrorLike {
  field?: readonly string[] | null;
  message: string;
  code: string;
  currentVersion?: number | null;
}

export interface SortedErrors {
  byField: Record<string, string[]>;
  general: string[];
  conflict: UserErrorLike | null;
}

/** `field: ["input", "birthYear"]` or `["birthYear"]` → "birthYear". */
export function fieldName(field: readonly string[] | null | undefined): string | null {
  if (!field || field.length === 0) return null;
  const parts = field[0] === "input" ? field.slice(1) : field;
  return parts.length ? parts.join(".") : null;
}

export function sortErrors(errors: readonly UserErrorLike[] | null | undefined): SortedErrors {
  const sorted: SortedErrors = { byField: {}, general: [], conflict: null };
  for (const error of errors ?? []) {
    if (error.code === "CONFLICT") {
      sorted.conflict = error;
      continue;
    }
    const name = fieldName(error.field);
    if (name) (sorted.byField[name] ??= []).push(error.message);
    else sorted.general.push(error.message);
  }
  return sorted;
}
