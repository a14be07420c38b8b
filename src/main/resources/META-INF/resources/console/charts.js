// Line charts as inline SVG, drawn from the numbers the service sampled (GET /api/activity): no charting library.
// Each chart is an image with a name for assistive technology, and its numbers are in a table under it.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 600;
const HEIGHT = 160;
const PAD = { left: 48, right: 8, top: 8, bottom: 24 };

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function label(value) {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/**
 * @param title what the chart shows, with its unit
 * @param times the start of each point (ISO instants)
 * @param series [{name, values (numbers or null for no value), className}]
 * @param el the page's element builder
 */
export function lineChart(el, title, times, series) {
  const all = series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined);
  const top = (Math.max(0, ...all) || 1) * 1.1; // an hour without any: a scale of 0 to 1
  const x = (i) => PAD.left + (i * (WIDTH - PAD.left - PAD.right)) / Math.max(1, times.length - 1);
  const y = (v) => HEIGHT - PAD.bottom - (v / top) * (HEIGHT - PAD.top - PAD.bottom);
  const lines = series.map((s) => {
    let d = '';
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) return;
      d += `${d && s.values[i - 1] !== null && s.values[i - 1] !== undefined ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    // A dot at each point too: a minute between two without a value has no line to show it.
    const dots = s.values.map((v, i) => (v === null || v === undefined ? null
      : svg('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 2.5, class: `dot ${s.className}` }))).filter(Boolean);
    return svg('g', {}, svg('path', { d, class: `line ${s.className}`, fill: 'none' }), ...dots);
  });
  const axis = [0, top / 2 / 1.1, top / 1.1].map((v) => [
    svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
    svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, label(v)),
  ]).flat();
  const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const ticks = [0, Math.floor((times.length - 1) / 2), times.length - 1].map((i) =>
    svg('text', { x: x(i), y: HEIGHT - 6, 'text-anchor': 'middle' }, clock(times[i])));
  const latest = series.map((s) => `${s.name} ${label([...s.values].reverse().find((v) => v !== null && v !== undefined) ?? 0)}`)
    .join(', ');
  const picture = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': `${title}; latest: ${latest}` },
    ...axis, ...ticks, ...lines);
  const legend = el('ul', { class: 'legend' }, series.map((s) => el('li', { class: s.className }, s.name)));
  const rows = times.map((t, i) => el('tr', {}, el('th', { scope: 'row' }, clock(t)),
    series.map((s) => el('td', {}, s.values[i] === null || s.values[i] === undefined ? '' : label(s.values[i])))));
  const table = el('details', {}, el('summary', {}, `${title}: the numbers`),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Minute'), series.map((s) => el('th', { scope: 'col' }, s.name)))),
      el('tbody', {}, rows)));
  return el('figure', { class: 'chart' }, el('figcaption', {}, all.length === 0 ? `${title}: none in this hour` : title), picture,
    legend, table);
}
