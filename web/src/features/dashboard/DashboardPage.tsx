// The analyst's dashboard: totals, breakdowns by country, field, organisation kind,
// region and month, the project pipeline with its amounts, the application funnel and
// the funds, for a period (by default all the data, as the API counts without one).
import { useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import { useQuery } from "urql";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { DashboardQuery } from "./queries";
import type { DashboardQuery as DashboardData } from "../../gql/graphql";
import { Chart } from "./Chart";
import { BreakdownTable, StageTable } from "./Tables";
import { PeriodPicker } from "./PeriodPicker";
import { barOption, funnelOption, monthsOption, pairedBarOption, summarize } from "./options";
import type { Datum } from "./options";
import { amountIn, formatAmounts, formatCount, formatShare } from "./amounts";
import { parsePeriod, periodParam, toDatePeriod } from "./period";
import type { PeriodChoice } from "./period";
import { Empty, ErrorState, Loading } from "../../components/States";
import { displayName } from "../report/names";
import "./dashboard.css";
import "../report/print.css";

type Data = NonNullable<DashboardData["dashboard"]>;
type BreakdownData = Data["peopleByCountry"];

const PIPELINE_EXITS = new Set(["DROPPED"]);
const FUNNEL_EXITS = new Set(["DECLINED", "WITHDRAWN"]);

export default function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const param = params.get("period");
  // The URL's choice, read once per change (the query's variables stay the same object).
  const { choice, period, badPeriod } = useMemo(() => {
    try {
      const parsed = parsePeriod(param);
      return { choice: parsed, period: toDatePeriod(parsed), badPeriod: null };
    } catch (e) {
      return { choice: { kind: "all" } as PeriodChoice, period: null, badPeriod: (e as Error).message };
    }
  }, [param]);
  // The whole data (also the default view): its span gives the years the picker offers.
  const [all] = useQuery({ query: DashboardQuery, variables: { period: null }, requestPolicy: "cache-and-network" });
  const [scoped, reexecute] = useQuery({ query: DashboardQuery, variables: { period }, pause: period === null, requestPolicy: "cache-and-network" });
  const result = period === null ? all : scoped;
  const { data, error, fetching } = result;
  const choose = (next: PeriodChoice) => {
    const value = periodParam(next);
    setParams(value ? { period: value } : {}, { replace: false });
  };
  const span = all.data?.dashboard ? { from: all.data.dashboard.activityFrom, to: all.data.dashboard.activityTo } : null;
  return (
    <section className="dashboard">
      <h1>{t("dashboard.title")}</h1>
      <PeriodPicker choice={choice} span={span} onChoose={choose} />
      {badPeriod && <ErrorState error={badPeriod} />}
      {error && !data ? (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Loading />
      ) : !data.dashboard ? (
        <Empty>{t("dashboard.empty")}</Empty>
      ) : (
        <div aria-busy={fetching}>
          <Figures data={data} />
          <Charts data={data} />
        </div>
      )}
    </section>
  );
}

function Figures({ data }: { data: DashboardData }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const d = data.dashboard!;
  const totals: [string, number][] = [
    ["people", d.totals.people],
    ["organizations", d.totals.organizations],
    ["events", d.totals.events],
    ["projects", d.totals.projects],
    ["positions", d.totals.positions],
    ["openings", d.totals.openings],
    ["applications", d.totals.applications],
    ["introductionsMade", d.totals.introductionsMade],
    ["interactions", d.totals.interactions],
    ["agreementsSigned", d.agreements.signed],
    ["agreementsIntended", d.agreements.preliminaryIntentions],
  ];
  return (
    <>
      <ul className="tiles dashboard-totals" aria-label={t("dashboard.totals")}>
        {totals.map(([key, value]) => (
          <li key={key}>
            <div>
              <strong>{formatCount(value, lang)}</strong> {t(`dashboard.total.${key}`)}
            </div>
          </li>
        ))}
      </ul>
      <dl className="facts dashboard-amounts" aria-label={t("dashboard.amounts")}>
        <dt>{t("dashboard.signedAmounts")}</dt>
        <dd>{formatAmounts(d.agreements.signedAmounts, lang)}</dd>
        <dt>{t("dashboard.intendedAmounts")}</dt>
        <dd>{formatAmounts(d.agreements.intendedAmounts, lang)}</dd>
      </dl>
    </>
  );
}

function countryName(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** What a breakdown's keys are: country codes, organisation kinds, or text as recorded. */
type Values = "country" | "orgKind" | "text";

function valueLabel(values: Values, t: TFunction, lang: string): (key: string) => string {
  if (values === "country") return (k) => countryName(k, lang);
  if (values === "orgKind") return (k) => t(`orgKind.${k}`, { defaultValue: k });
  return (k) => k;
}

function breakdownData(b: BreakdownData, label: (key: string) => string): Datum[] {
  return b.items.map((i) => ({ label: label(i.key), value: i.count }));
}

function Charts({ data }: { data: DashboardData }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const d = data.dashboard!;
  const sep = t("dashboard.summarySeparator");
  const count = (n: number) => formatCount(n, lang);
  const breakdowns: { id: string; b: BreakdownData; values: Values }[] = [
    { id: "peopleByCountry", b: d.peopleByCountry, values: "country" },
    { id: "peopleByField", b: d.peopleByField, values: "text" },
    { id: "organizationsByKind", b: d.organizationsByKind, values: "orgKind" },
    { id: "projectsByRegion", b: d.projectsByRegion, values: "text" },
    { id: "projectsByField", b: d.projectsByField, values: "text" },
  ];
  return (
    <div className="chart-grid">
      {breakdowns.map(({ id, b, values }) => (
        <BreakdownCard key={id} id={id} breakdown={b} values={values} t={t} lang={lang} sep={sep} count={count} />
      ))}
      <Activity data={d} />
      <Pipeline data={data} />
      <Funnel data={data} />
      <Funds data={data} />
    </div>
  );
}

function BreakdownCard({ id, breakdown, values, t, lang, sep, count }: {
  id: string;
  breakdown: BreakdownData;
  values: Values;
  t: TFunction;
  lang: string;
  sep: string;
  count: (n: number) => string;
}) {
  const title = t(`dashboard.chart.${id}`);
  const data = useMemo(() => breakdownData(breakdown, valueLabel(values, t, lang)), [breakdown, values, t, lang]);
  const option = useMemo(() => barOption(data, t("dashboard.count")), [data, t]);
  const headingId = `chart-${id}`;
  return (
    <section className="card chart-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {data.length === 0 ? (
        <Empty>{t("dashboard.noData")}</Empty>
      ) : (
        <Chart
          option={option}
          summary={summarize(title, data.map((x) => ({ label: x.label, text: count(x.value) })), sep)}
          table={<BreakdownTable caption={title} rows={data} others={breakdown.others} unknown={breakdown.unknown} />}
        />
      )}
    </section>
  );
}

function Activity({ data }: { data: Data }) {
  const { t, i18n } = useTranslation();
  const title = t("dashboard.chart.activity");
  const keys = ["newPeople", "interactions", "agreementsSigned", "introductionsMade"] as const;
  const months = useMemo(() => data.activity.map((m) => m.month), [data.activity]);
  const series = useMemo(() => keys.map((k) => ({ name: t(`dashboard.activity.${k}`), values: data.activity.map((m) => m[k]) })), [data.activity, t]);
  const option = useMemo(() => monthsOption(months, series), [months, series]);
  const totals = series.map((s) => ({ label: s.name, text: formatCount(s.values.reduce((a, b) => a + b, 0), i18n.language) }));
  const summary = `${summarize(title, totals, t("dashboard.summarySeparator"))} (${t("dashboard.monthsSpan", { from: months[0] ?? "—", to: months[months.length - 1] ?? "—" })})`;
  return (
    <section className="card chart-card chart-wide" aria-labelledby="chart-activity">
      <h2 id="chart-activity">{title}</h2>
      {months.length === 0 ? (
        <Empty>{t("dashboard.noData")}</Empty>
      ) : (
        <Chart
          option={option}
          summary={summary}
          table={
            <table className="table">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("dashboard.month")}</th>
                  {series.map((s) => <th key={s.name} scope="col">{s.name}</th>)}
                </tr>
              </thead>
              <tbody>
                {data.activity.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{m.month}</th>
                    {keys.map((k) => <td key={k}>{formatCount(m[k], i18n.language)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
    </section>
  );
}

function Pipeline({ data }: { data: DashboardData }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const p = data.projectPipeline;
  const title = t("dashboard.chart.pipeline");
  if (!p) return null;
  const steps = p.stages
    .filter((s) => !PIPELINE_EXITS.has(s.stage))
    .map((s) => ({ label: t(`projectStage.${s.stage}`), value: s.reached, text: formatCount(s.reached, lang), detail: s.intendedAmounts.length ? formatAmounts(s.intendedAmounts, lang) : undefined }));
  const summary = summarize(title, steps.map((s) => ({ label: s.label, text: s.detail ? `${formatCount(s.value, lang)} (${s.detail})` : formatCount(s.value, lang) })), t("dashboard.summarySeparator"));
  return (
    <section className="card chart-card chart-wide" aria-labelledby="chart-pipeline">
      <h2 id="chart-pipeline">{title}</h2>
      <p className="muted">
        {t("dashboard.pipelineTotals", { projects: formatCount(p.projects, lang), intended: formatAmounts(p.intendedAmounts, lang), signed: formatAmounts(p.signedAmounts, lang) })}
      </p>
      {p.projects === 0 ? (
        <Empty>{t("dashboard.noData")}</Empty>
      ) : (
        <Chart
          size="tall"
          option={funnelOption(steps, t("dashboard.projects"))}
          summary={summary}
          table={
            <StageTable
              caption={title}
              rows={p.stages.map((s) => ({
                stage: t(`projectStage.${s.stage}`),
                now: s.projects,
                reached: s.reached,
                conversion: s.conversionToNext,
                amounts: [formatAmounts(s.intendedAmounts, lang), formatAmounts(s.signedAmounts, lang)],
              }))}
              amountHeads={[t("dashboard.intendedAmounts"), t("dashboard.signedAmounts")]}
            />
          }
        />
      )}
    </section>
  );
}

function Funnel({ data }: { data: DashboardData }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const f = data.applicationFunnel;
  const title = t("dashboard.chart.applications");
  if (!f) return null;
  const steps = f.stages.filter((s) => !FUNNEL_EXITS.has(s.stage)).map((s) => ({ label: t(`dashboard.applicationStage.${s.stage}`), value: s.reached, text: formatCount(s.reached, lang) }));
  return (
    <section className="card chart-card chart-wide" aria-labelledby="chart-applications">
      <h2 id="chart-applications">{title}</h2>
      <p className="muted">{t("dashboard.applicationTotals", { applications: formatCount(f.applications, lang) })}</p>
      {f.applications === 0 ? (
        <Empty>{t("dashboard.noData")}</Empty>
      ) : (
        <Chart
          size="tall"
          option={funnelOption(steps, t("dashboard.applications"))}
          summary={summarize(title, steps.map((s) => ({ label: s.label, text: formatCount(s.value, lang) })), t("dashboard.summarySeparator"))}
          table={
            <StageTable
              caption={title}
              rows={f.stages.map((s) => ({ stage: t(`dashboard.applicationStage.${s.stage}`), now: s.applications, reached: s.reached, conversion: s.conversionToNext, amounts: [] }))}
              amountHeads={[]}
            />
          }
        />
      )}
    </section>
  );
}

function Funds({ data }: { data: DashboardData }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const fc = data.fundCommitments;
  const title = t("dashboard.chart.funds");
  if (!fc) return null;
  // A chart plots one currency: the one most funds record (the totals come largest first).
  const currency = fc.totals[0]?.currency ?? "CNY";
  const plotted = fc.funds.filter((f) => (f.target ?? f.committed)?.currency === currency);
  const unit = lang.startsWith("zh") ? 1e8 : 1e9;
  const unitName = t("dashboard.fundUnit", { currency });
  const name = (f: (typeof fc.funds)[number]) => displayName(f.fund, lang);
  const series = [
    { name: t("dashboard.fundTarget"), values: plotted.map((f) => amountIn(f.target ? [f.target] : [], currency) / unit) },
    { name: t("dashboard.fundCommitted"), values: plotted.map((f) => amountIn(f.committed ? [f.committed] : [], currency) / unit) },
  ];
  const amount = (m: { amount: string; currency: string } | null | undefined) => (m ? formatAmounts([m], lang) : "—");
  return (
    <section className="card chart-card chart-wide" aria-labelledby="chart-funds">
      <h2 id="chart-funds">{title}</h2>
      <p className="muted">{t("dashboard.fundsNote")}</p>
      {fc.funds.length === 0 ? (
        <Empty>{t("dashboard.noFunds")}</Empty>
      ) : (
        <Chart
          option={pairedBarOption(plotted.map(name), series, unitName)}
          summary={summarize(title, fc.funds.map((f) => ({ label: name(f), text: `${t("dashboard.fundTarget")} ${amount(f.target)}, ${t("dashboard.fundCommitted")} ${amount(f.committed)}` })), t("dashboard.summarySeparator"))}
          table={
            <table className="table">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("dashboard.fund")}</th>
                  <th scope="col">{t("dashboard.fundTarget")}</th>
                  <th scope="col">{t("dashboard.fundCommitted")}</th>
                  <th scope="col">{t("dashboard.fundShare")}</th>
                  <th scope="col">{t("dashboard.fundInvestments")}</th>
                </tr>
              </thead>
              <tbody>
                {fc.funds.map((f) => (
                  <tr key={f.fund.id}>
                    <th scope="row">{name(f)}</th>
                    <td>{amount(f.target)}</td>
                    <td>{amount(f.committed)}</td>
                    <td>{formatShare(f.shareInPlace, lang)}</td>
                    <td>{formatCount(f.investments, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
    </section>
  );
}
