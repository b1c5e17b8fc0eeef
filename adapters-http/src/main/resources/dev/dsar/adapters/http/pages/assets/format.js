// DOM building without HTML strings: every value reaches the page as text (textContent), never as markup.
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

// Fills the static parts of a page from its strings module: data-text (text), data-label (aria-label),
// data-placeholder; and the document's title.
export function applyStrings(strings) {
  document.title = strings.documentTitle;
  for (const element of document.querySelectorAll('[data-text]')) {
    element.textContent = strings[element.dataset.text];
  }
  for (const element of document.querySelectorAll('[data-label]')) {
    element.setAttribute('aria-label', strings[element.dataset.label]);
  }
  for (const element of document.querySelectorAll('[data-placeholder]')) {
    element.setAttribute('placeholder', strings[element.dataset.placeholder]);
  }
}

export function formatDate(iso, locale) {
  if (!iso) {
    return '';
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatBytes(bytes, locale) {
  if (bytes === null || bytes === undefined) {
    return '';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value) + '\u00a0' + units[unit];
}

export function formatNumber(value, locale) {
  return value === null || value === undefined ? '' : new Intl.NumberFormat(locale).format(value);
}

export function formatDuration(ms, locale) {
  if (ms === null || ms === undefined) {
    return '';
  }
  return ms < 1000 ? formatNumber(ms, locale) + '\u00a0ms'
    : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(ms / 1000) + '\u00a0s';
}

// Whole units left until a time: {unit: 'day'|'hour'|'minute', count}; null once it has passed.
export function timeLeft(iso, now) {
  const left = new Date(iso).getTime() - now;
  if (!(left > 0)) {
    return null;
  }
  const minutes = Math.floor(left / 60000);
  if (minutes >= 60 * 24) {
    return { unit: 'day', count: Math.floor(minutes / (60 * 24)) };
  }
  if (minutes >= 60) {
    return { unit: 'hour', count: Math.floor(minutes / 60) };
  }
  return { unit: 'minute', count: Math.max(1, minutes) };
}
