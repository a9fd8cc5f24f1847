import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { niceMaximum, type StackedData, ticksOf } from './chart-data';

/** Colours told apart also by people with the common colour-vision deficiencies (Okabe–Ito). */
const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const width = 900;
const height = 220;
const margin = { top: 10, right: 10, bottom: 28, left: 64 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;

interface ChartFrameProps {
  title: string;
  children: ReactNode;
  table: ReactNode;
  legend?: ReactNode;
  svgHeight?: number;
}

/** An SVG chart with a legend and the same figures as a table for screen readers and keyboard users. */
function ChartFrame({ title, children, table, legend, svgHeight = height }: ChartFrameProps) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <figure className="panel" aria-labelledby={titleId}>
      <figcaption id={titleId}>
        <h2>{title}</h2>
      </figcaption>
      {legend}
      <svg className="chart" viewBox={`0 0 ${width} ${svgHeight}`} role="img" aria-labelledby={titleId}>
        <title>{title}</title>
        {children}
      </svg>
      <details>
        <summary>{t('console.dashboard.showTable')}</summary>
        {table}
      </details>
    </figure>
  );
}

/** Horizontal grid lines with their values, for charts whose bars grow upwards. */
function ValueAxis({ maximum, formatValue }: { maximum: number; formatValue: (value: number) => string }) {
  return (
    <>
      {ticksOf(maximum).map((tick) => {
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
    </>
  );
}

interface Bar {
  label: string;
  value: number;
}

interface BarChartProps {
  title: string;
  bars: Bar[];
  formatValue: (value: number) => string;
  labelHeader: string;
  valueHeader: string;
}

function BarTable({ bars, formatValue, labelHeader, valueHeader }: Omit<BarChartProps, 'title'>) {
  return (
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
            <th scope="row">{bar.label}</th>
            <td>{formatValue(bar.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One upright bar per category (months), labelled underneath. */
export function BarChart(props: BarChartProps) {
  const { title, bars, formatValue } = props;
  const maximum = niceMaximum(Math.max(0, ...bars.map((bar) => bar.value)));
  const slot = plotWidth / Math.max(1, bars.length);
  return (
    <ChartFrame title={title} table={<BarTable {...props} />}>
      <g transform={`translate(${margin.left},${margin.top})`}>
        <ValueAxis maximum={maximum} formatValue={formatValue} />
        {bars.map((bar, index) => {
          const barHeight = (bar.value / maximum) * plotHeight;
          return (
            <g key={bar.label}>
              <rect
                x={index * slot + slot * 0.15}
                y={plotHeight - barHeight}
                width={slot * 0.7}
                height={barHeight}
                fill={palette[0]}
              >
                <title>{`${bar.label}: ${formatValue(bar.value)}`}</title>
              </rect>
              <text x={index * slot + slot / 2} y={plotHeight + 18} textAnchor="middle">
                {bar.label}
              </text>
            </g>
          );
        })}
      </g>
    </ChartFrame>
  );
}

const rowHeight = 26;
const labelWidth = 200;

/** One bar per category growing to the right, for categories with long names (statuses). */
export function HorizontalBarChart(props: BarChartProps) {
  const { title, bars, formatValue } = props;
  const maximum = niceMaximum(Math.max(0, ...bars.map((bar) => bar.value)));
  const barSpace = width - labelWidth - 60;
  const svgHeight = Math.max(1, bars.length) * rowHeight + 10;
  return (
    <ChartFrame title={title} table={<BarTable {...props} />} svgHeight={svgHeight}>
      {bars.map((bar, index) => {
        const y = 5 + index * rowHeight;
        const barWidth = (bar.value / maximum) * barSpace;
        return (
          <g key={bar.label}>
            <text x={labelWidth - 8} y={y + rowHeight / 2 + 4} textAnchor="end">
              {bar.label}
            </text>
            <rect x={labelWidth} y={y + 3} width={barWidth} height={rowHeight - 6} fill={palette[0]}>
              <title>{`${bar.label}: ${formatValue(bar.value)}`}</title>
            </rect>
            <text x={labelWidth + barWidth + 6} y={y + rowHeight / 2 + 4}>
              {formatValue(bar.value)}
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

function Legend({ data, emptyText }: { data: StackedData; emptyText: string }) {
  if (data.series.length === 0) return <p>{emptyText}</p>;
  return (
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
}

function StackedTable({
  data,
  formatCategory,
  categoryHeader,
}: Omit<StackedBarChartProps, 'title' | 'emptyText'>) {
  return (
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
}

/** Bars per category stacked by series (organisations per day), about ten categories labelled. */
export function StackedBarChart(props: StackedBarChartProps) {
  const { title, data, formatCategory, emptyText } = props;
  const totals = data.categories.map((_, index) =>
    data.series.reduce((sum, series) => sum + (series.values[index] ?? 0), 0),
  );
  const maximum = niceMaximum(Math.max(0, ...totals));
  const slot = plotWidth / Math.max(1, data.categories.length);
  const labelEvery = Math.max(1, Math.ceil(data.categories.length / 10));
  return (
    <ChartFrame
      title={title}
      table={<StackedTable {...props} />}
      legend={<Legend data={data} emptyText={emptyText} />}
    >
      <g transform={`translate(${margin.left},${margin.top})`}>
        <ValueAxis maximum={maximum} formatValue={String} />
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
                <text x={index * slot + slot / 2} y={plotHeight + 18} textAnchor="middle">
                  {formatCategory(category).slice(0, 5)}
                </text>
              )}
            </g>
          );
        })}
      </g>
    </ChartFrame>
  );
}
