// Calls the JSON API with the page's token. Every call answers a value, never throws:
// {status, body}, where status 0 means the service could not be reached.
export async function call(token, method, path, body) {
  const headers = { Accept: 'application/json', Authorization: 'Bearer ' + token };
  const init = { method, headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (unreachable) {
    return { status: 0, body: null };
  }
  let json = null;
  try {
    json = await response.json();
  } catch (notJson) {
    json = null;
  }
  return { status: response.status, body: json };
}

export function path(...parts) {
  return parts.map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('/');
}
