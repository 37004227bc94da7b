// Chart.js with only the pieces the screens draw (bars and lines), so the
// bundle stays small.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { h } from './dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Tooltip, Legend);

/** The court's red, then calm colours for further series. */
const COLOURS = ['#b3261e', '#1f5fa8', '#6b7b8c', '#2e7d32'];

type Series = { label: string; data: number[] }[];
const coloured = (datasets: Series) =>
  datasets.map((d, i) => ({ ...d, backgroundColor: COLOURS[i % COLOURS.length], borderColor: COLOURS[i % COLOURS.length] }));

function canvasBox(id: string, datasets: Series): { box: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': datasets.map((d) => d.label).join(', ') });
  return { box: h('div', { class: 'chart' }, canvas), canvas };
}

/**
 * Bars; `logarithmic` when counts span orders of magnitude (2,068 contracts next
 * to 23 mediated), so the small milestones stay visible.
 */
export function barChart(id: string, labels: string[], datasets: Series, opts: { horizontal?: boolean; logarithmic?: boolean } = {}): HTMLElement {
  const { box, canvas } = canvasBox(id, datasets);
  const valueAxis = opts.horizontal ? 'x' : 'y';
  queueMicrotask(
    () =>
      new Chart(canvas, {
        type: 'bar',
        data: { labels, datasets: coloured(datasets) },
        options: {
          indexAxis: opts.horizontal ? 'y' : 'x',
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { [valueAxis]: opts.logarithmic ? { type: 'logarithmic', min: 1 } : { beginAtZero: true, ticks: { precision: 0 } } },
        },
      }),
  );
  return box;
}

export function lineChart(id: string, labels: string[], datasets: Series): HTMLElement {
  const { box, canvas } = canvasBox(id, datasets);
  queueMicrotask(
    () =>
      new Chart(canvas, {
        type: 'line',
        data: { labels, datasets: coloured(datasets) },
        options: { responsive: true, maintainAspectRatio: false, animation: false },
      }),
  );
  return box;
}
