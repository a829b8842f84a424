/**
 * A reliability diagram as an SVG document (a string): observed rate against mean forecast per
 * bin, the diagonal, a band of ±3 percentage points around it, each bin's game-bootstrap
 * interval, and the deciles of the forecasts. Pure; the CLI writes it to a file.
 */
import type { ForecastReport, ReportBin } from './calibration-report.js';

const SIZE = 640;
const LEFT = 72;
const TOP = 56;
const PLOT = 512;
const BAND = 0.03;

const x = (p: number) => LEFT + p * PLOT;
const y = (p: number) => TOP + (1 - p) * PLOT;
const f = (v: number) => v.toFixed(1);

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function axes(): string[] {
  const parts: string[] = [];
  for (let i = 0; i <= 10; i++) {
    const p = i / 10;
    parts.push(
      `<line x1="${f(x(p))}" y1="${f(y(0))}" x2="${f(x(p))}" y2="${f(y(1))}" stroke="#e5e5e5"/>`,
      `<line x1="${f(x(0))}" y1="${f(y(p))}" x2="${f(x(1))}" y2="${f(y(p))}" stroke="#e5e5e5"/>`,
      `<text x="${f(x(p))}" y="${f(y(0) + 18)}" text-anchor="middle">${p.toFixed(1)}</text>`,
      `<text x="${f(x(0) - 8)}" y="${f(y(p) + 4)}" text-anchor="end">${p.toFixed(1)}</text>`,
    );
  }
  parts.push(
    `<rect x="${LEFT}" y="${TOP}" width="${PLOT}" height="${PLOT}" fill="none" stroke="#444"/>`,
    `<text x="${f(x(0.5))}" y="${f(y(0) + 40)}" text-anchor="middle">mean predicted home win probability</text>`,
    `<text transform="translate(${f(x(0) - 46)} ${f(y(0.5))}) rotate(-90)" text-anchor="middle">observed home win rate</text>`,
  );
  return parts;
}

function band(): string {
  const points = [
    [0, BAND],
    [1 - BAND, 1],
    [1, 1],
    [1, 1 - BAND],
    [BAND, 0],
    [0, 0],
  ]
    .map(([px, py]) => `${f(x(px as number))},${f(y(py as number))}`)
    .join(' ');
  return `<polygon points="${points}" fill="#dbeafe" stroke="none"/>`;
}

function binMarks(bins: readonly ReportBin[], maxN: number): string[] {
  const parts: string[] = [];
  for (const b of bins) {
    if (!(b.n > 0)) continue;
    const cx = x(b.meanPred);
    if (b.gapInterval) {
      const [lo, hi] = b.gapInterval;
      parts.push(
        `<line x1="${f(cx)}" y1="${f(y(b.meanPred + lo))}" x2="${f(cx)}" y2="${f(y(b.meanPred + hi))}" stroke="#1d4ed8" stroke-width="1.5"/>`,
      );
    }
    const r = 3 + 7 * Math.sqrt(b.n / maxN);
    const gap = `${b.gap >= 0 ? '+' : ''}${(b.gap * 100).toFixed(1)} pp`;
    parts.push(
      `<circle cx="${f(cx)}" cy="${f(y(b.observedRate))}" r="${f(r)}" fill="#1d4ed8" fill-opacity="0.85"><title>[${b.lo.toFixed(1)}, ${b.hi.toFixed(1)}): n=${b.n}, predicted ${b.meanPred.toFixed(3)}, observed ${b.observedRate.toFixed(3)} (${gap})</title></circle>`,
    );
  }
  return parts;
}

function decileMarks(deciles: readonly ReportBin[]): string[] {
  return deciles
    .filter((d) => d.n > 0)
    .map(
      (d) =>
        `<rect x="${f(x(d.meanPred) - 4)}" y="${f(y(d.observedRate) - 4)}" width="8" height="8" fill="none" stroke="#c2410c" stroke-width="1.5" transform="rotate(45 ${f(x(d.meanPred))} ${f(y(d.observedRate))})"/>`,
    );
}

/** The diagram of `report`; `title` names what was forecast. */
export function reliabilitySvg(report: ForecastReport, title: string): string {
  const maxN = Math.max(1, ...report.bins.map((b) => b.n));
  const legendX = x(0.03);
  const legendY = y(0.97);
  const lines = [
    `model: Brier ${report.model.brier.toFixed(4)}, log loss ${report.model.logLoss.toFixed(4)}`,
    `spread-only baseline: Brier ${report.baseline.brier.toFixed(4)}, log loss ${report.baseline.logLoss.toFixed(4)}`,
    `largest gap: ${(report.maxBinGap * 100).toFixed(1)} pp (bins), ${(report.maxDecileGap * 100).toFixed(1)} pp (deciles)`,
  ];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}: reliability diagram</title>`,
    `<rect width="${SIZE}" height="${SIZE}" fill="#ffffff"/>`,
    `<text x="${SIZE / 2}" y="28" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
    band(),
    ...axes(),
    `<line x1="${f(x(0))}" y1="${f(y(0))}" x2="${f(x(1))}" y2="${f(y(1))}" stroke="#444" stroke-dasharray="4 3"/>`,
    ...binMarks(report.bins, maxN),
    ...decileMarks(report.deciles),
    ...lines.map((l, i) => `<text x="${f(legendX)}" y="${f(legendY + i * 16)}">${escapeXml(l)}</text>`),
    `<circle cx="${f(legendX + 4)}" cy="${f(legendY + 60)}" r="5" fill="#1d4ed8"/>`,
    `<text x="${f(legendX + 14)}" y="${f(legendY + 64)}">bins of width 0.1 (area ~ plays), 90 % game-bootstrap interval</text>`,
    `<rect x="${f(legendX)}" y="${f(legendY + 76)}" width="8" height="8" fill="none" stroke="#c2410c" stroke-width="1.5" transform="rotate(45 ${f(legendX + 4)} ${f(legendY + 80)})"/>`,
    `<text x="${f(legendX + 14)}" y="${f(legendY + 84)}">deciles of the forecasts (equal counts)</text>`,
    `<rect x="${f(legendX)}" y="${f(legendY + 92)}" width="10" height="10" fill="#dbeafe"/>`,
    `<text x="${f(legendX + 14)}" y="${f(legendY + 101)}">within ±3 percentage points</text>`,
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}
