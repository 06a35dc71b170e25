// Human-readable numbers for the page: sizes, durations, rates, time left.
// Sizes and rates use decimal units (1 MB = 1,000,000 bytes, as in "MB/s");
// wasm memory uses binary MiB, as the engine's limits are stated in MiB.

const SIZE_UNITS = ["B", "kB", "MB", "GB", "TB"];

function trim(x: number, digits: number): string {
  return x.toFixed(digits);
}

/** 0 B, 999 B, 1.50 kB, 12.3 MB, 407.7 MB, 1.23 GB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "–";
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 999.95 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value >= 10 ? 1 : 2;
  return `${trim(value, digits)} ${SIZE_UNITS[unit]}`;
}

/** Bytes as MiB with one decimal: 64.0 MiB. */
export function formatMiB(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "–";
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** 12,345 (grouped, no decimals). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "–";
  return Math.round(n).toLocaleString("en-US");
}

/** 850 ms, 2.35 s, 12.4 s, 1 min 05 s, 1 h 02 min. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(2)} s`;
  if (s < 60) return `${s.toFixed(1)} s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  return `${m} min ${String(sec).padStart(2, "0")} s`;
}

/** Seconds as the metrics table shows them: 0.412, 3.21, 45.6. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  if (seconds < 1) return seconds.toFixed(3);
  if (seconds < 10) return seconds.toFixed(2);
  return seconds.toFixed(1);
}

/** Bytes per second as MB/s: 152.3 MB/s. */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) return "–";
  return `${formatMBps(bytesPerSecond)} MB/s`;
}

/** The number in formatRate, without the unit: 152.3. */
export function formatMBps(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) return "–";
  const mb = bytesPerSecond / 1e6;
  return mb >= 100 ? mb.toFixed(0) : mb.toFixed(1);
}

/** Things per second: "950 records/s", "45.2k records/s", "1.20M records/s". */
export function formatPerSecond(perSecond: number, what = "records"): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return "–";
  if (perSecond < 1000) return `${Math.round(perSecond)} ${what}/s`;
  if (perSecond < 1e6) return `${(perSecond / 1000).toFixed(1)}k ${what}/s`;
  return `${(perSecond / 1e6).toFixed(2)}M ${what}/s`;
}

/**
 * Milliseconds left at the average rate so far, or null when it cannot be told
 * yet (nothing done, or too early for a stable rate).
 */
export function estimateRemainingMs(done: number, total: number, elapsedMs: number): number | null {
  if (!(total > 0) || !(done > 0) || !(elapsedMs > 0)) return null;
  if (done >= total) return 0;
  if (elapsedMs < 300) return null;
  return ((total - done) * elapsedMs) / done;
}

/** "about 12 s left", "less than 1 s left", or "estimating…". */
export function formatEta(remainingMs: number | null): string {
  if (remainingMs === null) return "estimating time left…";
  if (remainingMs < 1000) return "less than 1 s left";
  if (remainingMs < 10_000) return `about ${Math.ceil(remainingMs / 1000)} s left`;
  return `about ${formatDuration(remainingMs)} left`;
}

/** Fraction as a percentage: 42%. */
export function formatPercent(done: number, total: number): string {
  if (!(total > 0)) return "0%";
  return `${Math.min(100, Math.floor((done / total) * 100))}%`;
}

/** A fraction as a percentage with a sensible number of decimals: 3.30%, 0.026%, 100%. */
export function formatShare(fraction: number, digits?: number): string {
  if (!Number.isFinite(fraction)) return "–";
  const pct = fraction * 100;
  const d = digits ?? (pct === 0 || pct >= 10 ? 1 : pct >= 1 ? 2 : 3);
  return `${pct.toFixed(d)}%`;
}

/** Seconds as a readable duration: 45.2 s, 2 min 30 s, 1 h 05 min. */
export function formatSecondsHuman(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  if (seconds < 10) return `${Number(seconds.toFixed(2))} s`;
  return formatDuration(seconds * 1000);
}

/** Large counts in short form for chart labels: 950, 12.3k, 1.2M. */
export function formatCompact(n: number): string {
  if (!Number.isFinite(n)) return "–";
  const a = Math.abs(n);
  if (a < 1000) return String(Math.round(n));
  if (a < 1e6) return `${Number((n / 1000).toFixed(a < 10_000 ? 1 : 0))}k`;
  return `${Number((n / 1e6).toFixed(a < 10e6 ? 2 : 1))}M`;
}

/** A number with up to `digits` decimals, grouped: 1,234.5. */
export function formatNumber(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return "–";
  return n.toLocaleString("en-US", { maximumFractionDigits: digits });
}
