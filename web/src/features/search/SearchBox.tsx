// The one search box of every page: people and organisations by any script or spelling,
// as you type, each hit with how it matched; a keyboard-navigable combobox.
import { useEffect, useId, useRef, useState } from "react";
import { useQuery } from "urql";
import { useNavigate } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { graphql } from "../../gql";
import { useDebounced } from "../../components/useDebounced";
import { describeMatch } from "./matchLabel";
import { recordPath } from "../../components/paths";

const SearchQuery = graphql(`
  query Search($text: String!) {
    search(text: $text, first: 8) {
      score
      match
      matched
      keyKind
      record {
        __typename
        ... on Person { id name nameLatin country city }
        ... on Organization { id name nameEn kind country }
      }
    }
  }
`);

export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useDebounced(text.trim(), 120);
  const listId = useId();
  const box = useRef<HTMLDivElement>(null);
  const [{ data, fetching, error }] = useQuery({
    query: SearchQuery,
    variables: { text: query },
    pause: query.length === 0,
  });
  const hits = (query ? data?.search ?? [] : []).filter((h) => h.record);

  useEffect(() => setActive(-1), [query]);
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, []);

  const go = (index: number) => {
    const record = hits[index]?.record;
    if (!record) return;
    setOpen(false);
    setText("");
    navigate(recordPath(record.__typename, record.id));
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (hits.length ? (i + 1) % hits.length : -1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => (hits.length ? (i <= 0 ? hits.length - 1 : i - 1) : -1));
    } else if (e.key === "Enter") {
      if (hits.length) {
        e.preventDefault();
        go(active >= 0 ? active : 0);
      }
    } else if (e.key === "Escape") {
      setOpen(false);
    }
  };

  const showList = open && query.length > 0;
  return (
    <div className="search" ref={box}>
      <label htmlFor={`${listId}-input`} className="visually-hidden">
        {t("search.label")}
      </label>
      <input
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        placeholder={t("search.placeholder")}
        value={text}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <div className="search-popup">
          <ul id={listId} role="listbox" aria-label={t("search.results")}>
            {hits.map((hit, i) => {
              const r = hit.record!;
              const how = describeMatch(hit);
              const latin = r.__typename === "Person" ? r.nameLatin : r.nameEn;
              return (
                <li
                  key={`${r.id}-${i}`}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? "active" : undefined}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => go(i)}
                  onMouseEnter={() => setActive(i)}
                >
                  <span className="hit-name">
                    {r.name}
                    {latin && latin !== r.name && <span className="name-latin"> {latin}</span>}
                  </span>
                  <span className="hit-type">
                    {t(r.__typename === "Person" ? "search.person" : "search.organization")}
                  </span>
                  <span className="hit-how">
                    {how.systems.length
                      ? how.systems.map((s) => t(`search.system.${s}`, { defaultValue: s })).join("、") +
                        t("search.spelling")
                      : t(`search.match.${how.key}`)}
                    {" · "}
                    <span lang="und">{how.detail}</span>
                  </span>
                </li>
              );
            })}
          </ul>
          <p className="search-status" role="status" aria-live="polite">
            {error
              ? t("search.error")
              : fetching && hits.length === 0
                ? t("state.loading")
                : !fetching && hits.length === 0
                  ? t("search.none", { text: query })
                  : t("search.count", { count: hits.length })}
          </p>
        </div>
      )}
    </div>
  );
}
