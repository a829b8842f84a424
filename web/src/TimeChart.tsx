/**
 * A time chart (lightweight-charts): lines, dotted series (fills and orders drawn as points at
 * their price) with a marker each, on event time. Series are redrawn whole on each change; at a
 * few thousand points that costs less than keeping incremental updates in step.
 */
import {
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  LineSeries,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef } from 'react';

export interface ChartPoint {
  /** epoch ms */
  readonly ts: number;
  readonly value: number;
}

export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly ChartPoint[];
  /** 'dots': points only (our orders and fills), each with a marker showing `label`. */
  readonly style: 'line' | 'dashed' | 'dots';
  readonly labels?: readonly string[];
  readonly markerShape?: 'arrowUp' | 'arrowDown' | 'circle';
}

/** One value a second, ascending: what the library takes; the last value in a second wins. */
function toData(points: readonly ChartPoint[]): { time: UTCTimestamp; value: number; index: number }[] {
  const bySecond = new Map<number, { value: number; index: number }>();
  points.forEach((p, index) => {
    bySecond.set(Math.floor(p.ts / 1000), { value: p.value, index });
  });
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, v]) => ({ time: time as UTCTimestamp, ...v }));
}

export function TimeChart(props: {
  readonly series: readonly ChartSeries[];
  readonly height?: number;
  /** Values are dollars (default: percent). */
  readonly dollars?: boolean;
  /** When this changes, the next data drawn is fitted into view (a game chosen, its history in). */
  readonly fitKey?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const drawn = useRef(new Map<string, ISeriesApi<'Line'>>());
  const marked = useRef(new Map<string, ISeriesMarkersPluginApi<Time>>());
  const fitted = useRef<string | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const c = createChart(box.current, {
      autoSize: true,
      layout: { background: { color: '#11161d' }, textColor: '#c9d1d9' },
      grid: { vertLines: { color: '#1f2630' }, horzLines: { color: '#1f2630' } },
      timeScale: { timeVisible: true, secondsVisible: false },
      rightPriceScale: { borderVisible: false },
    });
    chart.current = c;
    const series = drawn.current;
    const markers = marked.current;
    return () => {
      series.clear();
      markers.clear();
      c.remove();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    for (const s of props.series) {
      let line = drawn.current.get(s.name);
      if (!line) {
        line = c.addSeries(LineSeries, {
          color: s.color,
          title: s.name,
          lineWidth: 2,
          lineStyle: s.style === 'dashed' ? 2 : 0,
          lineVisible: s.style !== 'dots',
          pointMarkersVisible: s.style === 'dots',
          pointMarkersRadius: 4,
          lastValueVisible: s.style !== 'dots',
          priceLineVisible: false,
          priceFormat: {
            type: 'custom',
            formatter: props.dollars ? (v: number) => `$${v.toFixed(2)}` : (v: number) => `${v.toFixed(1)}%`,
          },
        });
        drawn.current.set(s.name, line);
        if (s.style === 'dots') marked.current.set(s.name, createSeriesMarkers(line, []));
      }
      const data = toData(s.points);
      line.setData(data.map(({ time, value }) => ({ time, value })));
      if (s.style === 'dots' && s.labels) {
        const markers: SeriesMarker<Time>[] = data.map((d) => ({
          time: d.time,
          position: 'aboveBar',
          color: s.color,
          shape: s.markerShape ?? 'circle',
          text: s.labels?.[d.index] ?? '',
        }));
        marked.current.get(s.name)?.setMarkers(markers);
      }
    }
    // How many points are drawn: a browser test reads it (a canvas shows no text).
    if (box.current)
      box.current.dataset.points = String(props.series.reduce((n, s) => n + s.points.length, 0));
    const key = props.fitKey ?? '';
    if (fitted.current !== key && props.series.some((s) => s.points.length > 0)) {
      fitted.current = key;
      c.timeScale().fitContent();
    }
  }, [props.series, props.dollars, props.fitKey]);

  return <div className="chart" ref={box} style={{ height: props.height ?? 320 }} data-testid="chart" />;
}
