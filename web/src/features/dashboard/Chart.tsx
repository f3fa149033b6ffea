// One ECharts chart: only the parts the dashboard and the report draw are registered
// (echarts/core, not the whole library), on a canvas; redrawn when the option changes,
// resized with its box, disposed when it leaves. The canvas is an image to assistive
// technology with the figures in its label, and the same figures sit in a table below.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { init, use } from "echarts/core";
import type { ECharts } from "echarts/core";
import { BarChart, FunnelChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import type { ChartOption } from "./options";

use([BarChart, FunnelChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface Props {
  option: ChartOption;
  /** The chart's figures in words (the canvas's accessible name). */
  summary: string;
  /** The same figures as a table, shown on demand (always in print). */
  table: React.ReactNode;
  size?: "small" | "tall";
}

export function Chart({ option, summary, table, size = "small" }: Props) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: "canvas" });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div className="chart">
      <div ref={box} className={`chart-canvas chart-${size}`} role="img" aria-label={summary} />
      <details className="chart-data">
        <summary>{t("dashboard.showData")}</summary>
        {table}
      </details>
    </div>
  );
}
