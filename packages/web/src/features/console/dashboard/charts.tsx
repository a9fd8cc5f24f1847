import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { niceMaximum, type StackedData } from './chart-data';

/** Colours told apart also by people with the common colour-vision deficiencies (Okabe–Ito). */
const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const width = 720;
const height = 240;
const margin = { top: 10, right: 10, bottom: 40, left: 56 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

interface ChartFrameProps {
  title: string;
  maximum: number;
  formatValue: (value: number) => string;
  children: ReactNode;
  table: ReactNode;
  legend?: ReactNode;
}

/** An SVG chart with its axis, a legend and the same figures as a table for screen readers and keyboard users. */
function ChartFrame({ title, maximum, formatValue, children, table, legend }: ChartFrameProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => share * maximum);
  return (
    <figure className="panel" aria-labelledby={titleId}>
      <figcaption id={titleId}>
        <h2>{title}</h2>
      </figcaption>
      {legend}
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId}>
        <title>{title}</title>
        <g transform={`translate(${margin.left},${margin.top})`}>
          {ticks.map((tick) => {
            const y = plotHeight - (tick / maximum) * plotHeight;
            return (
              <g key={tick}>
                <line x1={0} x2={plotWidth} y1={y} y2={y} stroke="#c9ced6" />
                <text x={-6} y={y + 4} textAnchor="end">
                  {formatValue(tick)}
                </text>
              </g>
            );
          })}
          {children}
        </g>
      </svg>
      <details>
        <summary>{t('console.dashboard.showTable')}</summary>
        {table}
      </details>
    </figure>
  );
}

interface BarChartProps {
  title: string;
  bars: { label: string; value: number }[];
  formatValue: (value: number) => string;
  labelHeader: string;
  valueHeader: string;
}

/** One bar per category, labelled underneath. */
export function BarChart({ title, bars, formatValue, labelHeader, valueHeader }: BarChartProps) {
  const maximum = niceMaximum(Math.max(0, ...bars.map((bar) => bar.value)));
  const slot = plotWidth / Math.max(1, bars.length);
  const table = (
    <table>
      <thead>
        <tr>
          <th scope="col">{labelHeader}</th>
          <th scope="col">{valueHeader}</th>
        </tr>
      </thead>
      <tbody>
        {bars.map((bar) => (
          <tr key={bar.label}>
            <td>{bar.label}</td>
            <td>{formatValue(bar.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <ChartFrame title={title} maximum={maximum} formatValue={formatValue} table={table}>
      {bars.map((bar, index) => {
        const barHeight = (bar.value / maximum) * plotHeight;
        const x = index * slot + slot * 0.15;
        return (
          <g key={bar.label}>
            <rect x={x} y={plotHeight - barHeight} width={slot * 0.7} height={barHeight} fill={palette[0]}>
              <title>{`${bar.label}: ${formatValue(bar.value)}`}</title>
            </rect>
            <text x={index * slot + slot / 2} y={plotHeight + 16} textAnchor="middle">
              {bar.label}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

interface StackedBarChartProps {
  title: string;
  data: StackedData;
  formatCategory: (category: string) => string;
  categoryHeader: string;
  emptyText: string;
}

/** Bars per category stacked by series (organisations per day), every fifth category labelled. */
export function StackedBarChart({
  title,
  data,
  formatCategory,
  categoryHeader,
  emptyText,
}: StackedBarChartProps) {
  const totals = data.categories.map((_, index) =>
    data.series.reduce((sum, series) => sum + (series.values[index] ?? 0), 0),
  );
  const maximum = niceMaximum(Math.max(0, ...totals));
  const slot = plotWidth / Math.max(1, data.categories.length);
  const labelEvery = Math.max(1, Math.ceil(data.categories.length / 10));
  const legend =
    data.series.length === 0 ? (
      <p>{emptyText}</p>
    ) : (
      <ul className="legend">
        {data.series.map((series, index) => (
          <li key={series.key}>
            <span
              className="swatch"
              style={{ background: palette[index % palette.length] }}
              aria-hidden="true"
            />
            {series.label}
          </li>
        ))}
      </ul>
    );
  const table = (
    <table>
      <thead>
        <tr>
          <th scope="col">{categoryHeader}</th>
          {data.series.map((series) => (
            <th scope="col" key={series.key}>
              {series.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.categories.map((category, index) => (
          <tr key={category}>
            <th scope="row">{formatCategory(category)}</th>
            {data.series.map((series) => (
              <td key={series.key}>{series.values[index] ?? 0}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <ChartFrame title={title} maximum={maximum} formatValue={String} table={table} legend={legend}>
      {data.categories.map((category, index) => {
        let base = plotHeight;
        return (
          <g key={category}>
            {data.series.map((series, seriesIndex) => {
              const value = series.values[index] ?? 0;
              const barHeight = (value / maximum) * plotHeight;
              base -= barHeight;
              if (value === 0) return null;
              return (
                <rect
                  key={series.key}
                  x={index * slot + slot * 0.1}
                  y={base}
                  width={slot * 0.8}
                  height={barHeight}
                  fill={palette[seriesIndex % palette.length]}
                >
                  <title>{`${formatCategory(category)} ${series.label}: ${value}`}</title>
                </rect>
              );
            })}
            {index % labelEvery === 0 && (
              <text x={index * slot + slot / 2} y={plotHeight + 16} textAnchor="middle">
                {formatCategory(category).slice(0, 5)}
              </text>
            )}
          </g>
        );
      })}
    </ChartFrame>
  );
}
