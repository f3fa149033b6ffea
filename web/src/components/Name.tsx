// A name as written, with the Latin spelling beside it.
export function Name({ name, latin }: { name: string; latin?: string | null }) {
  return (
    <span className="name">
      <span className="name-written">{name}</span>
      {latin && latin !== name && (
        <span className="name-latin" lang="en">
          {latin}
        </span>
      )}
    </span>
  );
}
