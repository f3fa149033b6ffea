// Labelled fields with the server's message at the field (aria-describedby).
import { useId } from "react";
import type { ReactNode } from "react";

interface FieldProps {
  label: string;
  errors?: string[];
  hint?: string;
  children: (props: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}

export function Field({ label, errors, hint, children }: FieldProps) {
  const id = useId();
  const described = [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={errors?.length ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(errors?.length ? { "aria-invalid": true as const } : {}),
        ...(described ? { "aria-describedby": described } : {}),
      })}
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} className="field-error">
          {errors.join("; ")}
        </p>
      ) : null}
    </div>
  );
}

export function FormErrors({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div className="form-errors" role="alert">
      <ul>
        {messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
