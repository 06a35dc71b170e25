// Every table of a result document as CSV: the rows are the document's own
// values (numbers unformatted, in the document's units), one file per table.
// Pure functions: no DOM.

import type { EngagementDocument, Reject } from "./protocol";

export type Cell = string | number | boolean | null | undefined;

export interface DocTable {
  /** File-name part and test id: "dau", "retention", ... */
  id: string;
  title: string;
  columns: string[];
  rows: Cell[][];
}

function cell(v: Cell): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : String(v);
  // RFC 4180: quote a field with a delimiter, a quote, a line break, or edge spaces.
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV file (RFC 4180: CRLF line ends, quotes doubled) with a header row. */
export function toCsv(columns: string[], rows: Cell[][]): string {
  const lines = [columns.map(cell).join(",")];
  for (const row of rows) lines.push(row.map(cell).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** A file name for a table of a run: dropsight-engagement-run2-dau.csv. */
export function csvName(recipe: string, runNumber: number, id: string): string {
  return `dropsight-${recipe}-run${runNumber}-${id}.csv`;
}

/**
 * The document's scalar values as key/value rows ("results.sessions.duration.median").
 * Arrays of objects are skipped (each is a table of its own); arrays of plain
 * values are joined with "; ".
 */
export function flatten(value: unknown, prefix: string, out: [string, Cell][] = []): [string, Cell][] {
  if (value === null || typeof value !== "object") {
    out.push([prefix, value as Cell]);
    return out;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) out.push([prefix, value.join("; ")]);
    return out;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

function rejectsTable(rejects: Reject[]): DocTable {
  return {
    id: "rejects",
    title: "Rejects (the first the document keeps)",
    columns: ["input", "line", "reason", "text"],
    rows: rejects.map((r) => [r.input, r.line, r.reason, r.text ?? ""]),
  };
}

/** Every table of an engagement document, in the order the page shows them. */
export function engagementTables(doc: EngagementDocument): DocTable[] {
  const r = doc.results;
  const sessionColumns = ["user_id", "total_sessions", "avg_session_duration_s", "actions", "actions_per_session", "active_events", "interaction_seconds"];
  const sessionRow = (u: EngagementDocument["results"]["sessions"]["users"][number]): Cell[] => [
    u.user_id,
    u.total_sessions,
    u.avg_session_duration,
    u.actions,
    u.actions_per_session,
    u.active_events,
    u.interaction_seconds,
  ];
  const quantileColumns = ["events", "mean_ms", "p50_ms", "p95_ms", "p99_ms"];
  const summary = flatten({ parameters: doc.parameters, results: r, rejectedTotal: doc.rejectedTotal }, "");
  const tables: DocTable[] = [
    { id: "summary", title: "Summary: every single figure of the document", columns: ["name", "value"], rows: summary },
    {
      id: "inputs",
      title: "Inputs",
      columns: ["name", "role", "format", "gzip", "bytes", "records", "rejected", "lines"],
      rows: doc.inputs.map((i) => [i.name, i.role ?? "interactions", i.format, i.gzip, i.bytes, i.records, i.rejected, i.lines ?? null]),
    },
    {
      id: "columns",
      title: "Columns read, per input",
      columns: ["input", "role", "field", "column"],
      rows: r.columns.flatMap((c) => Object.entries(c.columns).map(([field, column]) => [doc.inputs[c.input]?.name ?? c.input, c.role, field, column])),
    },
    { id: "dau", title: "Daily active users", columns: ["day", "users"], rows: r.dau.map((d) => [d.day, d.users]) },
    { id: "wau", title: "Weekly active users (ISO weeks)", columns: ["week", "start", "users"], rows: r.wau.map((w) => [w.week, w.start, w.users]) },
    { id: "mau", title: "Monthly active users", columns: ["month", "users"], rows: r.mau.map((m) => [m.month, m.users]) },
    {
      id: "stickiness",
      title: "Stickiness per month (mean DAU / MAU)",
      columns: ["month", "avg_dau", "mau", "stickiness"],
      rows: r.stickiness.months.map((m) => [m.month, m.avgDau, m.mau, m.stickiness]),
    },
    {
      id: "events-per-day",
      title: "Events per day",
      columns: ["day", "events", "active_events"],
      rows: r.eventsPerDay.map((d) => [d.day, d.events, d.activeEvents]),
    },
    { id: "actions", title: "Events per action type", columns: ["action", "events", "active_events"], rows: r.actions.map((a) => [a.action, a.events, a.activeEvents]) },
    { id: "anomalies", title: "Anomaly days", columns: ["day", "metric", "value", "z"], rows: r.anomalies.days.map((a) => [a.day, a.metric, a.value, a.z]) },
    {
      id: "session-duration-histogram",
      title: "Session duration histogram (seconds)",
      columns: ["bin", "from_s", "to_s", "sessions"],
      rows: r.sessions.duration.histogram.map((b) => [b.label, b.from, b.to, b.count]),
    },
    {
      id: "actions-per-session-histogram",
      title: "Actions per session histogram",
      columns: ["bin", "from", "to", "sessions"],
      rows: r.sessions.actions.histogram.map((b) => [b.label, b.from, b.to, b.count]),
    },
    { id: "sessions-per-day", title: "Sessions per day (by start)", columns: ["day", "sessions"], rows: r.sessions.perDay.map((d) => [d.day, d.sessions]) },
    { id: "sessions-top-users", title: "Users with the most sessions", columns: sessionColumns, rows: r.sessions.users.map(sessionRow) },
    { id: "session-table", title: "Per-user sessions", columns: sessionColumns, rows: r.sessions.table.rows.map(sessionRow) },
    {
      id: "retention",
      title: "Retention: weekly cohorts",
      columns: ["cohort_week", "cohort_start", "cohort_users", "weeks_after", "retained", "share"],
      rows: r.retention.cohorts.flatMap((c) => c.retained.map((n, k) => [c.week, c.start, c.users, k, n, c.shares[k] ?? null])),
    },
    {
      id: "power-users",
      title: "Power users",
      columns: ["user_id", "interaction_seconds", "events", "active_events", "capped_events", "sessions"],
      rows: r.powerUsers.users.map((u) => [u.user_id, u.interaction_seconds, u.events, u.active_events, u.capped_events, u.sessions]),
    },
    {
      id: "duration-by-app-version",
      title: "Duration by app version",
      columns: ["app_version", ...quantileColumns],
      rows: r.performance.byVersion.map((q) => [q.app_version ?? "", q.events, q.meanMs, q.p50, q.p95, q.p99]),
    },
    {
      id: "duration-by-device",
      title: "Duration by device type",
      columns: ["device_type", ...quantileColumns],
      rows: r.performance.byDevice.map((q) => [q.device_type ?? "", q.events, q.meanMs, q.p50, q.p95, q.p99]),
    },
    {
      id: "breakdowns",
      title: "Breakdowns by metadata dimension",
      columns: ["dimension", "column", "value", "metadata_users", "active_users", "events", "avg_dau"],
      rows: r.breakdowns.flatMap((b) => b.values.map((v) => [b.dimension, b.column, v.value, v.metadataUsers, v.activeUsers, v.events, v.avgDau])),
    },
    {
      id: "breakdown-dau",
      title: "Breakdowns: DAU per day and value",
      columns: ["dimension", "value", "day", "users"],
      rows: r.breakdowns.flatMap((b) => b.values.flatMap((v) => v.dau.map((d) => [b.dimension, v.value, d.day, d.users]))),
    },
    {
      id: "breakdown-mau",
      title: "Breakdowns: MAU per month and value",
      columns: ["dimension", "value", "month", "users"],
      rows: r.breakdowns.flatMap((b) => b.values.flatMap((v) => v.mau.map((m) => [b.dimension, v.value, m.month, m.users]))),
    },
    { id: "skew-top-users", title: "Skew: users with the most events", columns: ["user_id", "events", "share"], rows: r.skew.topUsers.map((u) => [u.user_id, u.events, u.share]) },
    rejectsTable(doc.rejects),
  ];
  return tables;
}
