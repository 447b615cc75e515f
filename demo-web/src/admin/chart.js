// A Chart.js chart as a component: built on mount, rebuilt when its config changes, destroyed
// on unmount. Only the parts the admin uses are registered (smaller bundle).
import { html, useEffect, useRef } from '../shared/ui.js';
import { Chart, BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend } from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

export function ChartView({ config, label, id }) {
  const canvas = useRef(null);
  useEffect(() => {
    const chart = new Chart(canvas.current, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } });
    return () => chart.destroy();
  }, [JSON.stringify(config)]);
  return html`<div class="chart" id=${id}><canvas ref=${canvas} role="img" aria-label=${label}></canvas></div>`;
}

export const bar = (labels, data, label, color = '#2563eb') => ({
  type: 'bar',
  data: { labels, datasets: [{ label, data, backgroundColor: color }] },
  options: { plugins: { legend: { display: false } } },
});
