// Chart.js with only the pieces the screens draw (bars and lines), so the
// bundle stays small.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { h } from './dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export function barChart(id: string, labels: string[], datasets: { label: string; data: number[] }[], horizontal = false): HTMLElement {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': datasets.map((d) => d.label).join(', ') });
  const box = h('div', { class: 'chart' }, canvas);
  queueMicrotask(
    () =>
      new Chart(canvas, {
        type: 'bar',
        data: { labels, datasets },
        options: { indexAxis: horizontal ? 'y' : 'x', responsive: true, maintainAspectRatio: false, animation: false },
      }),
  );
  return box;
}

export function lineChart(id: string, labels: string[], datasets: { label: string; data: number[] }[]): HTMLElement {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': datasets.map((d) => d.label).join(', ') });
  const box = h('div', { class: 'chart' }, canvas);
  queueMicrotask(
    () => new Chart(canvas, { type: 'line', data: { labels, datasets }, options: { responsive: true, maintainAspectRatio: false, animation: false } }),
  );
  return box;
}
