// Introduction paths between two people: the best path drawn and highlighted, each hop's
// evidence listed, and "avoid this person" to ask for the next best path without them.
import { useEffect, useId, useState } from "react";
import { useClient } from "urql";
import { useTranslation } from "react-i18next";
import { RecordPicker } from "../../components/RecordPicker";
import type { Picked } from "../../components/RecordPicker";
import { ErrorState, Loading } from "../../components/States";
import type { ExplorerPathsQuery } from "../../gql/graphql";
import { ExplorerPathsQuery as PathsQuery } from "./queries";
import { pathInput } from "./ego";
import { mergeInto, pathParts } from "./graph";
import type { ShownGraph } from "./graph";
import { tieKey } from "./NetworkCanvas";
import type { Highlight } from "./NetworkCanvas";

export interface PathEnds {
  from: Picked | null;
  to: Picked | null;
}

type Path = NonNullable<ExplorerPathsQuery["introductionPaths"]>[number];

interface Props {
  graph: ShownGraph;
  ends: PathEnds;
  onEnds(ends: PathEnds): void;
  onMerged(added: string[]): void;
  onHighlight(lit: Highlight): void;
  onSelect(id: string): void;
}

type Answer = { state: "idle" } | { state: "loading" } | { state: "error"; error: Error } | { state: "done"; path: Path | null };

export function PathPanel({ graph, ends, onEnds, onMerged, onHighlight, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const id = useId();
  const [avoid, setAvoid] = useState<Picked[]>([]);
  const [asked, setAsked] = useState(0);
  const [answer, setAnswer] = useState<Answer>({ state: "idle" });

  // ends changed: forget the path and the people avoided for the old pair
  useEffect(() => {
    setAvoid([]);
    setAnswer({ state: "idle" });
    onHighlight({ nodes: new Set(), edges: new Set() });
  }, [ends.from?.id, ends.to?.id, onHighlight]);

  useEffect(() => {
    if (asked === 0 || !ends.from || !ends.to) return;
    let live = true;
    setAnswer({ state: "loading" });
    const variables = { from: ends.from.id, to: ends.to.id, avoid: avoid.length ? avoid.map((a) => a.id) : null };
    void client.query(PathsQuery, variables, { requestPolicy: "network-only" }).toPromise().then((result) => {
      if (!live) return;
      if (result.error) {
        setAnswer({ state: "error", error: result.error });
        return;
      }
      const path = result.data?.introductionPaths?.[0] ?? null;
      setAnswer({ state: "done", path });
      if (!path) {
        onHighlight({ nodes: new Set(), edges: new Set() });
        return;
      }
      const { nodes, edges } = pathInput(path);
      onMerged(mergeInto(graph, nodes, edges, path.hops[0].from.id));
      const parts = pathParts(path.hops);
      onHighlight({ nodes: new Set(parts.nodes), edges: new Set(parts.edges.map(([a, b]) => tieKey(a, b))) });
    });
    return () => {
      live = false;
    };
    // a new question each time `asked` or the people avoided change
  }, [asked, avoid, client, graph, onMerged, onHighlight]);

  const strength = (v: number) => v.toLocaleString(i18n.language, { maximumFractionDigits: 2 });

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("explorer.path.title")}</h2>
      <RecordPicker label={t("explorer.path.from")} types={["PERSON"]} value={ends.from} onChange={(from) => onEnds({ ...ends, from })} />
      <RecordPicker label={t("explorer.path.to")} types={["PERSON"]} value={ends.to} onChange={(to) => onEnds({ ...ends, to })} />
      <button type="button" disabled={!ends.from || !ends.to} onClick={() => setAsked((n) => n + 1)}>
        {t("explorer.path.find")}
      </button>
      {avoid.length > 0 && (
        <div>
          <h3>{t("explorer.path.avoiding")}</h3>
          <ul className="plain">
            {avoid.map((p) => (
              <li key={p.id}>
                {p.label}{" "}
                <button type="button" className="link-button" onClick={() => setAvoid((list) => list.filter((x) => x.id !== p.id))}>
                  {t("explorer.path.unavoid", { name: p.label })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {answer.state === "loading" && <Loading />}
      {answer.state === "error" && <ErrorState error={answer.error} onRetry={() => setAsked((n) => n + 1)} />}
      {answer.state === "done" && !answer.path && <p className="state state-empty">{t("explorer.path.none")}</p>}
      {answer.state === "done" && answer.path && (
        <>
          <p>{t("explorer.path.summary", { hops: answer.path.hops.length, strength: strength(answer.path.strength) })}</p>
          <ol className="explorer-hops" aria-label={t("explorer.path.hops")}>
            {answer.path.hops.map((hop, i) => (
              <li key={`${hop.from.id}-${hop.to.id}`}>
                <p className="hop-ends">
                  <button type="button" className="link-button" onClick={() => onSelect(hop.from.id)}>{hop.from.label}</button>
                  {" → "}
                  <button type="button" className="link-button" onClick={() => onSelect(hop.to.id)}>{hop.to.label}</button>
                  <span className="muted"> · {t(`explorer.tie.${hop.kind}`, { defaultValue: hop.kind })} · {strength(hop.strength)}</span>
                </p>
                <p className="hop-evidence">{hop.evidence}</p>
                {i < answer.path!.hops.length - 1 && (
                  <button
                    type="button"
                    onClick={() => setAvoid((list) => [...list, { id: hop.to.id, label: hop.to.label }])}
                  >
                    {t("explorer.path.avoid", { name: hop.to.label })}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
