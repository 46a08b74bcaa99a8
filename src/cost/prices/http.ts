import { PriceListError } from './types.js';

/**
 * The only network code of the price update: plain HTTPS GETs of public price lists, no
 * credentials. Every failure becomes a PriceListError naming the URL.
 */
async function get(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json, text/csv' } });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new PriceListError(`GET ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  if (!res.ok) {
    const body = (await res.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ').trim();
    throw new PriceListError(`GET ${url}: HTTP ${res.status} ${res.statusText}${body !== '' ? ` (${body})` : ''}`);
  }
  return res;
}

export async function getJson(url: string): Promise<unknown> {
  const text = await (await get(url)).text();
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PriceListError(`GET ${url}: the answer is not JSON (${(e as Error).message})`);
  }
}

/** Streams a text answer line by line into `onLine` (for offer files too big for one string). */
export async function getLines(url: string, onLine: (line: string) => void): Promise<void> {
  const res = await get(url);
  if (res.body === null) throw new PriceListError(`GET ${url}: empty answer`);
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    rest += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      onLine(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
    }
  }
  rest += decoder.decode();
  if (rest !== '') onLine(rest);
}
