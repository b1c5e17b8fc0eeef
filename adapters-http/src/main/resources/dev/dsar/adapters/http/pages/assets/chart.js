// A small bar chart in SVG, drawn with DOM calls (no library, no inline style): one bar per run, oldest on the
// left, the largest value labelled on the axis. Each bar carries its value in a <title> for pointer users; the
// same figures are in a table below the charts for everyone else.
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 320;
const HEIGHT = 140;
const LEFT = 48;
const BOTTOM = 20;
const TOP = 10;

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

// values: numbers, oldest first; format(value) labels; kind picks the bar colour (a CSS class).
export function barChart(label, values, format, kind) {
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label,
    'data-values': values.join(',') });
  const max = Math.max(1, ...values);
  const plotWidth = WIDTH - LEFT - 4;
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const step = plotWidth / Math.max(1, values.length);
  const barWidth = Math.max(1, step * 0.7);
  values.forEach((value, i) => {
    const height = (value / max) * plotHeight;
    const bar = svg('rect', { class: 'bar-' + kind, x: (LEFT + i * step + (step - barWidth) / 2).toFixed(1),
      y: (TOP + plotHeight - height).toFixed(1), width: barWidth.toFixed(1), height: height.toFixed(1),
      'data-value': value });
    bar.append(svg('title', {}, format(value)));
    root.append(bar);
  });
  root.append(svg('line', { class: 'axis', x1: LEFT, y1: TOP + plotHeight, x2: WIDTH - 4, y2: TOP + plotHeight }));
  root.append(svg('line', { class: 'axis', x1: LEFT, y1: TOP, x2: LEFT, y2: TOP + plotHeight }));
  root.append(svg('text', { x: LEFT - 4, y: TOP + 8, 'text-anchor': 'end' }, format(max)));
  root.append(svg('text', { x: LEFT - 4, y: TOP + plotHeight, 'text-anchor': 'end' }, format(0)));
  return root;
}
