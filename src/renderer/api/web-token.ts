// The loopback bridge's per-run token: it arrives once in the address (?token=...), is kept in
// sessionStorage (survives a reload, dies with the tab) and is removed from the address bar so
// it is not left in history, bookmarks or a screenshot.
export const TOKEN_KEY = 'counter.token';

export interface TokenPlace {
  href: string;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  replaceUrl: (url: string) => void;
}

export function takeToken(place: TokenPlace): string | null {
  const url = new URL(place.href);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) {
    place.storage.setItem(TOKEN_KEY, fromQuery);
    url.searchParams.delete('token');
    place.replaceUrl(`${url.pathname}${url.search}${url.hash}`);
    return fromQuery;
  }
  return place.storage.getItem(TOKEN_KEY);
}
