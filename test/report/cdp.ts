import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export interface PageLoad {
  /** Console errors, uncaught exceptions and failed loads seen while the page loaded. */
  readonly errors: string[];
  readonly png: Buffer;
  /** The values of `evaluate`'s expressions, in order (JSON-serializable results). */
  readonly values: unknown[];
}

export interface LoadOptions {
  readonly timeoutMs?: number;
  /** Viewport width in CSS pixels (device scale 1); 1200 by default. */
  readonly widthPx?: number;
  /** Capture the whole page, not just the first screen. */
  readonly fullPage?: boolean;
  /** Expressions evaluated in the page after it loaded (e.g. "document.documentElement.scrollWidth"). */
  readonly evaluate?: readonly string[];
}

/**
 * Load a page in headless Chromium over the DevTools protocol (on a pipe: no port, no WebSocket
 * library), collect console errors and take a screenshot.
 */
export async function loadPage(chromium: string, url: string, options: LoadOptions | number = {}): Promise<PageLoad> {
  const o: LoadOptions = typeof options === 'number' ? { timeoutMs: options } : options;
  const timeoutMs = o.timeoutMs ?? 20_000;
  const widthPx = o.widthPx ?? 1200;
  const profile = mkdtempSync(join(tmpdir(), 'fleetsim-chromium-'));
  const child = spawn(
    chromium,
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--remote-debugging-pipe', `--user-data-dir=${profile}`, `--window-size=${widthPx},900`, 'about:blank'],
    // Own process group: Chromium's helper processes are ended with it.
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true },
  );
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  const listeners: ((method: string, params: Record<string, unknown>) => void)[] = [];
  let buffer = '';
  fromBrowser.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const msg = JSON.parse(buffer.slice(0, end)) as { id?: number; result?: Record<string, unknown>; error?: { message: string }; method?: string; params?: Record<string, unknown> };
      buffer = buffer.slice(end + 1);
      if (msg.id !== undefined) {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result ?? {});
      } else if (msg.method) for (const l of listeners) l(msg.method, msg.params ?? {});
    }
  });
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => killGroup('SIGKILL'), timeoutMs);
  try {
    const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const errors: string[] = [];
    let loaded: () => void = () => {};
    const load = new Promise<void>((resolve) => (loaded = resolve));
    listeners.push((method, params) => {
      if (method === 'Runtime.consoleAPICalled' && (params.type === 'error' || params.type === 'assert')) errors.push(`console.${params.type}: ${JSON.stringify(params.args)}`);
      if (method === 'Runtime.exceptionThrown') errors.push(`exception: ${JSON.stringify(params.exceptionDetails)}`);
      if (method === 'Log.entryAdded') {
        const entry = params.entry as { level: string; text: string; url?: string };
        if (entry.level === 'error') errors.push(`log: ${entry.text} ${entry.url ?? ''}`);
      }
      if (method === 'Page.loadEventFired') loaded();
    });
    await send('Page.enable', {}, sessionId);
    await send('Runtime.enable', {}, sessionId);
    await send('Log.enable', {}, sessionId);
    await send('Emulation.setDeviceMetricsOverride', { width: widthPx, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
    await send('Page.navigate', { url }, sessionId);
    await load;
    await new Promise((r) => setTimeout(r, 300));
    const values: unknown[] = [];
    for (const expression of o.evaluate ?? []) {
      const { result } = (await send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as { result: { value?: unknown } };
      values.push(result.value);
    }
    let clip: Record<string, number> | undefined;
    if (o.fullPage) {
      const { cssContentSize } = (await send('Page.getLayoutMetrics', {}, sessionId)) as { cssContentSize: { width: number; height: number } };
      clip = { x: 0, y: 0, width: Math.max(widthPx, Math.ceil(cssContentSize.width)), height: Math.min(16_000, Math.ceil(cssContentSize.height)), scale: 1 };
    }
    const { data } = (await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: o.fullPage === true, ...(clip ? { clip } : {}) }, sessionId)) as { data: string };
    await send('Browser.close').catch(() => undefined);
    return { errors, png: Buffer.from(data, 'base64'), values };
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null) {
      const killer = setTimeout(() => killGroup('SIGKILL'), 3000);
      killGroup('SIGTERM');
      await exited;
      clearTimeout(killer);
    }
    killGroup('SIGKILL'); // helpers that outlived the browser
    await new Promise((r) => setTimeout(r, 100));
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // A leftover profile in the temp folder is harmless; the test's verdict does not depend on it.
    }
  }
}
