// The token arrives in the URL fragment (#token=…), which browsers never send to a server. It is moved into
// sessionStorage (this tab only, gone when the tab closes) and removed from the address bar and history, so that
// it is neither bookmarked, nor shared with the URL, nor shown on screen.
export function takeToken(key) {
  const hash = window.location.hash;
  if (hash.startsWith('#token=')) {
    const token = decodeURIComponent(hash.slice('#token='.length));
    if (token) {
      sessionStorage.setItem(key, token);
    }
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(key);
}

export function forgetToken(key) {
  sessionStorage.removeItem(key);
}
