// The engagement result view: active users, stickiness, sessions, retention,
// power users, duration by version and device, anomalies, metadata breakdowns,
// skew and the per-user session table. Every number comes from the document;
// the page only lays it out. Every table of the document downloads as CSV.

import { csvName, engagementTables, toCsv, type DocTable } from "../csv";
import { formatBytes, formatCount, formatNumber, formatSecondsHuman, formatShare } from "../format";
import type { Breakdown, EngagementDocument, EngagementResults, UserSessions } from "../protocol";
import { humanSeconds } from "../recipes";
import {
  activeUsersChart,
  breakdownBars,
  breakdownMauChart,
  deviceChart,
  histogramChart,
  preferLogScale,
  retentionChart,
  stickinessChart,
  versionChart,
} from "./engagement-charts";
import { append, download, downloadDocumentButton, el, replace, stat, table, type Child } from "./dom";

/** Places a chart in the view; the view draws it at its host's width, and again on resize. */
export type ChartFactory = (cls: string, draw: (width: number) => Element) => { host: HTMLElement; redraw: () => void };

function empty(text: string): HTMLElement {
  return el("p", { class: "empty" }, text);
}

/** A small facts list: term and value pairs. */
function facts(testid: string, rows: [string, string][]): HTMLElement {
  return el("dl", { class: "facts", testid }, ...rows.flatMap(([k, v]) => [el("dt", null, k), el("dd", null, v)]));
}

function scroll(label: string, ...children: Child[]): HTMLElement {
  // Focusable, so that a keyboard can scroll it.
  return el("div", { class: "scroll", attrs: { tabindex: 0, role: "region", "aria-label": label } }, ...children);
}

function collapsible(summary: string, open: boolean, ...children: Child[]): HTMLElement {
  return el("details", { class: "table-details", attrs: { open } }, el("summary", null, summary), ...children);
}

function secondsText(s: number): string {
  return formatSecondsHuman(s);
}

function msText(ms: number): string {
  return formatSecondsHuman(ms / 1000);
}

export function renderEngagement(root: HTMLElement, doc: EngagementDocument, runNumber: number, chart: ChartFactory): void {
  const r = doc.results;
  const tables = engagementTables(doc);
  const byId = new Map(tables.map((t) => [t.id, t]));
  const csv = (id: string, label = "CSV"): HTMLElement | null => {
    const t = byId.get(id);
    return t ? csvButton(t, runNumber, label) : null;
  };

  const card = (title: string, wide: boolean, downloads: string[], ...children: Child[]): HTMLElement =>
    el(
      "section",
      { class: wide ? "card wide" : "card", attrs: { "aria-label": title } },
      el("div", { class: "card-head" }, el("h3", null, title), el("div", { class: "csv-buttons" }, ...downloads.map((id) => csv(id, downloads.length > 1 ? `CSV: ${id}` : "CSV")))),
      ...children,
    );

  append(root, header(doc, runNumber, tables), totals(doc));

  if (r.events === 0) {
    append(root, el("section", { class: "card" }, empty("No events could be read: see the rejects below.")));
    return;
  }

  // ---- active users ----
  let log = preferLogScale(r);
  const logBox = el("input", { id: "au-log", testid: "active-users-log", attrs: { type: "checkbox", checked: log } });
  const activeChart = chart("chart-active-users", (w) => activeUsersChart(r, w, log));
  logBox.addEventListener("change", () => {
    log = logBox.checked;
    activeChart.redraw();
  });
  const anomalyCount = r.anomalies.days.length;
  append(
    root,
    card(
      "Daily, weekly and monthly active users",
      true,
      ["dau", "wau", "mau"],
      el(
        "div",
        { class: "chart-tools" },
        el(
          "p",
          { class: "note" },
          `Distinct users with an active event in each day (DAU, line), ISO week (WAU, steps) and calendar month (MAU, bars), in ${r.timeZone}. `,
          anomalyCount
            ? `Red marks: ${anomalyCount} anomaly day${anomalyCount === 1 ? "" : "s"} (○ DAU, △ event count), listed below.`
            : "No anomaly days.",
        ),
        el("label", { class: "check" }, logBox, " Log scale"),
      ),
      activeChart.host,
      collapsible(
        `MAU table (${r.mau.length} month${r.mau.length === 1 ? "" : "s"})`,
        false,
        table(
          "mau-table",
          "Monthly active users",
          [{ label: "Month" }, { label: "MAU", numeric: true }, { label: "Mean DAU", numeric: true }, { label: "Stickiness", numeric: true }],
          r.mau.map((m, i) => {
            const s = r.stickiness.months[i];
            return [m.month, formatCount(m.users), s ? formatNumber(s.avgDau, 1) : "–", s ? formatShare(s.stickiness) : "–"];
          }),
        ),
      ),
    ),
  );

  // ---- stickiness and anomalies ----
  append(
    root,
    el(
      "div",
      { class: "grid" },
      card(
        "Stickiness (DAU / MAU)",
        false,
        ["stickiness"],
        el("p", { class: "note" }, `A month's mean DAU over its days in the data, divided by its MAU. Mean over the months: `, el("strong", { testid: "stickiness-mean-text" }, formatShare(r.stickiness.mean)), "."),
        r.stickiness.months.length ? chart("chart-stickiness", (w) => stickinessChart(r.stickiness, w)).host : empty("No months."),
      ),
      anomaliesCard(r, card),
    ),
  );

  // ---- sessions ----
  const s = r.sessions;
  append(
    root,
    el(
      "div",
      { class: "grid" },
      card(
        "Session duration",
        false,
        ["session-duration-histogram"],
        el(
          "p",
          { class: "note" },
          `${formatCount(s.total)} sessions, counted per duration bin (a gap of more than ${humanSeconds(doc.parameters.gapSeconds)} between event starts begins a new one). Median `,
          el("strong", null, secondsText(s.duration.median)),
          ", p90 ",
          el("strong", null, secondsText(s.duration.p90)),
          `, mean ${secondsText(s.duration.mean)}, longest ${secondsText(s.duration.max)}.`,
        ),
        chart("chart-session-duration", (w) => histogramChart(s.duration, w, "Session duration →", secondsText, "Histogram: session durations, with the median and p90 marked")).host,
      ),
      card(
        "Actions per session",
        false,
        ["actions-per-session-histogram", "sessions-per-day"],
        el(
          "p",
          { class: "note" },
          "Events per session (the bars count sessions): median ",
          el("strong", null, formatNumber(s.actions.median)),
          ", p90 ",
          el("strong", null, formatNumber(s.actions.p90)),
          `, mean ${formatNumber(s.actions.mean)}, most ${formatCount(s.actions.max)}. Sessions per user per active week: median ${formatNumber(s.frequency.median)}, p90 ${formatNumber(s.frequency.p90)}, mean ${formatNumber(s.frequency.mean)}.`,
        ),
        chart("chart-session-actions", (w) => histogramChart(s.actions, w, "Events in the session →", (v) => formatNumber(v), "Histogram: events per session, with the median and p90 marked")).host,
      ),
    ),
  );

  // ---- retention ----
  const cohorts = r.retention.cohorts;
  append(
    root,
    card(
      "Retention by weekly cohort",
      true,
      ["retention"],
      el(
        "p",
        { class: "note" },
        `A user's cohort is the ISO week of their first active event. Each row is a cohort of the last ${r.retention.weeks} weeks of data (its Monday in ${r.timeZone}); the first column is its size, and the column numbered k the share of the cohort active k weeks later, as the colour (scale above; the exact share in each cell, and on hover).`,
      ),
      cohorts.length ? chart("chart-retention", (w) => retentionChart(cohorts, w)).host : empty("No cohorts."),
    ),
  );

  // ---- power users and skew ----
  append(root, el("div", { class: "grid" }, powerUsersCard(doc, card), skewCard(r, card)));

  // ---- performance ----
  const perf = r.performance;
  const effect = perf.deviceEffect;
  append(
    root,
    card(
      "Event duration by app version",
      true,
      ["duration-by-app-version"],
      el(
        "p",
        { class: "note", testid: "performance-method" },
        `p50, p95 and p99 of duration_ms per app_version over all events (${formatCount(perf.byVersion.length)} versions, in version order). Method: ${perf.method}${/exact/i.test(perf.method) ? ", so the stated error is zero (no sketch)" : ""}.`,
      ),
      perf.byVersion.length ? chart("chart-versions", (w) => versionChart(perf.byVersion, w)).host : empty("No app_version column."),
      collapsible(
        `Table (${formatCount(perf.byVersion.length)} versions)`,
        false,
        scroll(
          "Duration by app version",
          table(
            "versions-table",
            "Duration by app version",
            [{ label: "App version" }, { label: "Events", numeric: true }, { label: "Mean", numeric: true }, { label: "p50", numeric: true }, { label: "p95", numeric: true }, { label: "p99", numeric: true }],
            perf.byVersion.map((q) => [q.app_version ?? "", formatCount(q.events), msText(q.meanMs), msText(q.p50), msText(q.p95), msText(q.p99)]),
          ),
        ),
      ),
    ),
  );

  append(
    root,
    el(
      "div",
      { class: "grid" },
      card(
        "Event duration by device type",
        false,
        ["duration-by-device"],
        perf.byDevice.length
          ? el(
              "div",
              null,
              chart("chart-devices", (w) => deviceChart(perf.byDevice, w)).host,
              table(
                "devices-table",
                "Duration by device type",
                [{ label: "Device type" }, { label: "Events", numeric: true }, { label: "p50", numeric: true }, { label: "p95", numeric: true }, { label: "p99", numeric: true }],
                perf.byDevice.map((q) => [q.device_type ?? "", formatCount(q.events), msText(q.p50), msText(q.p95), msText(q.p99)]),
              ),
              effect
                ? el(
                    "p",
                    { class: "effect", testid: "device-effect" },
                    el("strong", null, `${capitalise(effect.measure)}: ${formatNumber(effect.etaSquared, 6)}`),
                    ` over ${formatCount(effect.events)} events. ${effect.explanation}`,
                  )
                : null,
            )
          : empty("Give a metadata table with a device_type column to split durations by device."),
      ),
      metadataCard(r, card),
    ),
  );

  // ---- breakdowns ----
  if (r.breakdowns.length) append(root, breakdownsCard(r.breakdowns, chart, card));

  // ---- per-user sessions ----
  append(root, sessionTableCard(r, card));

  // ---- every table ----
  append(root, downloadsCard(tables, runNumber));
}

function capitalise(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

function header(doc: EngagementDocument, runNumber: number, tables: DocTable[]): HTMLElement {
  const r = doc.results;
  const names = doc.inputs.map((i) => `${i.name}${i.role === "metadata" ? " (metadata)" : ""}`).join(", ");
  const downloadJson = downloadDocumentButton(doc, `dropsight-engagement-run${runNumber}.json`);
  const all = el("button", { testid: "download-all-csv", attrs: { type: "button" } }, `Download all tables (${tables.length} CSV files)`);
  all.addEventListener("click", () => downloadAll(tables, runNumber));
  return el(
    "div",
    { class: "results-head" },
    el(
      "div",
      null,
      el("h2", null, `Engagement: results of run ${runNumber}`),
      el(
        "p",
        { class: "note" },
        `${names}. ${r.firstDay || "–"} to ${r.lastDay || "–"}; days, ISO weeks (Monday first) and months in ${r.timeZone}. Active event: ${formatNumber(doc.parameters.minActiveSeconds)} s < duration < ${formatNumber(doc.parameters.maxActiveSeconds)} s.`,
      ),
    ),
    el("div", { class: "head-buttons" }, downloadJson, all),
  );
}

function totals(doc: EngagementDocument): HTMLElement {
  const r = doc.results;
  return el(
    "dl",
    { class: "totals", testid: "totals" },
    stat("Events", formatCount(r.events), `${formatCount(r.activeEvents)} active · ${formatBytes(doc.metrics.bytes)} read`, "total-events"),
    stat("Users", formatCount(r.users), `${formatCount(r.activeUsers)} with an active event`, "total-users"),
    stat("Sessions", formatCount(r.sessions.total), `median ${secondsText(r.sessions.duration.median)}`, "total-sessions"),
    stat("Days", formatCount(r.days), r.firstDay ? `${r.firstDay} – ${r.lastDay}` : "", "total-days"),
    stat("Stickiness", formatShare(r.stickiness.mean), "mean DAU / MAU", "stickiness-mean"),
    stat("Rejected", formatCount(doc.rejectedTotal), "rows not used", "total-rejected"),
  );
}

type Card = (title: string, wide: boolean, downloads: string[], ...children: Child[]) => HTMLElement;

function anomaliesCard(r: EngagementResults, card: Card): HTMLElement {
  const a = r.anomalies;
  const center = (m: "events" | "dau") => a[m];
  return card(
    "Anomaly days",
    false,
    ["anomalies"],
    el(
      "p",
      { class: "note" },
      `Days whose event count or DAU is far from normal: ${a.method}; |z| > ${a.threshold}. Events per day: median ${formatCount(a.events.median)}, MAD ${formatNumber(a.events.mad)}; DAU: median ${formatCount(a.dau.median)}, MAD ${formatNumber(a.dau.mad)}.`,
    ),
    a.days.length
      ? scroll(
          "Anomaly days",
          table(
            "anomalies-table",
            "Anomaly days",
            [{ label: "Day" }, { label: "Measure" }, { label: "Value", numeric: true }, { label: "Median", numeric: true }, { label: "Robust z", numeric: true }],
            a.days.map((d) => [d.day, d.metric === "dau" ? "DAU" : "Events", formatCount(d.value), formatCount(center(d.metric).median), formatNumber(d.z)]),
          ),
        )
      : el("p", { class: "empty", testid: "anomalies-none" }, `No day beyond |z| > ${a.threshold}.`),
  );
}

function powerUsersCard(doc: EngagementDocument, card: Card): HTMLElement {
  const p = doc.results.powerUsers;
  return card(
    "Power users",
    false,
    ["power-users"],
    el(
      "p",
      { class: "note", testid: "power-users-summary" },
      `The top ${formatShare(p.share, 2).replace(/\.?0+%$/, "%")} of users by total interaction time: `,
      el("strong", null, `${formatCount(p.count)} users`),
      `, from ${secondsText(p.minSeconds)} each, with ${formatShare(p.timeShare)} of all interaction time. Each event's duration is capped at ${humanSeconds(p.capSeconds)}: `,
      el("strong", { testid: "capped-events" }, `${formatCount(p.cappedEvents)} event${p.cappedEvents === 1 ? " was" : "s were"} capped`),
      ` (${formatCount(p.cappedEventsOfPowerUsers)} of them by power users).`,
      p.count > p.users.length ? ` The table lists the first ${formatCount(p.users.length)}.` : "",
    ),
    scroll(
      "Power users",
      table(
        "power-users-table",
        "Power users",
        [{ label: "#", numeric: true }, { label: "User" }, { label: "Interaction time", numeric: true }, { label: "Events", numeric: true }, { label: "Capped", numeric: true }, { label: "Sessions", numeric: true }],
        p.users.map((u, i) => [i + 1, u.user_id, secondsText(u.interaction_seconds), formatCount(u.events), formatCount(u.capped_events), formatCount(u.sessions)]),
      ),
    ),
  );
}

function skewCard(r: EngagementResults, card: Card): HTMLElement {
  const k = r.skew;
  return card(
    "Skew: how unevenly events spread over users",
    false,
    ["skew-top-users"],
    facts("skew-facts", [
      ["Gini of events per user", `${formatNumber(k.gini, 3)} (0: all users alike, near 1: a few users have nearly all)`],
      ["Top 1% of users", `${formatShare(k.top1PercentShare)} of events`],
      ["Top 10% of users", `${formatShare(k.top10PercentShare)} of events`],
      ["Events per user", `median ${formatNumber(k.eventsPerUser.median)}, p90 ${formatNumber(k.eventsPerUser.p90)}, mean ${formatNumber(k.eventsPerUser.mean)}, most ${formatCount(k.maxEvents)}`],
    ]),
    table(
      "skew-table",
      "Users with the most events",
      [{ label: "#", numeric: true }, { label: "User" }, { label: "Events", numeric: true }, { label: "Share", numeric: true }],
      k.topUsers.map((u, i) => [i + 1, u.user_id, formatCount(u.events), formatShare(u.share)]),
    ),
  );
}

function metadataCard(r: EngagementResults, card: Card): HTMLElement {
  const m = r.metadata;
  if (!m) {
    return card("User metadata", false, [], empty("No metadata table in this run: drop one (user_id, join_date, country, device_type, subscription_type) with the log for breakdowns."));
  }
  return card(
    "User metadata",
    false,
    ["columns"],
    facts("metadata-facts", [
      ["Rows", `${formatCount(m.rows)} for ${formatCount(m.users)} users`],
      ["Duplicated user_ids", `${formatCount(m.duplicatedUsers)} users, ${formatCount(m.duplicateRows)} extra rows (${formatCount(m.conflictingRows)} conflicting); the first row wins`],
      ["Users with events", `${formatCount(m.matchedUsers)} with metadata, ${formatCount(m.usersWithoutMetadata)} without`],
      ["Events without metadata", `${formatShare(m.unmatchedEventShare)} (${formatCount(m.unmatchedEvents)} of ${formatCount(m.matchedEvents + m.unmatchedEvents)})`],
      ["Dimensions", m.dimensions.join(", ") || "none"],
    ]),
  );
}

function breakdownsCard(breakdowns: Breakdown[], chart: ChartFactory, card: Card): HTMLElement {
  let current = breakdowns.find((b) => b.dimension === "country") ?? breakdowns[0]!;
  const select = el(
    "select",
    { id: "breakdown-dimension", testid: "breakdown-dimension" },
    ...breakdowns.map((b) => el("option", { attrs: { value: b.dimension } }, b.dimension === b.column ? b.dimension : `${b.dimension} (from ${b.column})`)),
  );
  select.value = current.dimension;
  const bars = chart("chart-breakdown-bars", (w) => breakdownBars(current, w));
  const mau = chart("chart-breakdown-mau", (w) => breakdownMauChart(current, w));
  const tableHost = el("div", { class: "scroll", attrs: { tabindex: 0, role: "region", "aria-label": "Breakdown table" } });
  const fillTable = (): void =>
    replace(
      tableHost,
      table(
        "breakdown-table",
        `Breakdown by ${current.dimension}`,
        [{ label: current.dimension }, { label: "Users in metadata", numeric: true }, { label: "Active users", numeric: true }, { label: "Events", numeric: true }, { label: "Mean DAU", numeric: true }],
        current.values.map((v) => [v.value, formatCount(v.metadataUsers), formatCount(v.activeUsers), formatCount(v.events), formatNumber(v.avgDau, 1)]),
      ),
    );
  fillTable();
  select.addEventListener("change", () => {
    current = breakdowns.find((b) => b.dimension === select.value) ?? current;
    bars.redraw();
    mau.redraw();
    fillTable();
  });
  return card(
    "Breakdowns by user metadata",
    true,
    ["breakdowns", "breakdown-dau", "breakdown-mau"],
    el(
      "div",
      { class: "chart-tools" },
      el("p", { class: "note" }, "Users with metadata only, split by one column of the metadata table (the top 20 values; the rest under “(other)”). Bars: active users and mean DAU per value; right: MAU per month, stacked by value."),
      el("label", { class: "inline", attrs: { for: "breakdown-dimension" } }, "Dimension ", select),
    ),
    el("div", { class: "split" }, bars.host, mau.host),
    tableHost,
  );
}

const SESSION_COLUMNS = [
  { label: "#", numeric: true },
  { label: "User" },
  { label: "Sessions", numeric: true },
  { label: "Avg session", numeric: true },
  { label: "Events", numeric: true },
  { label: "Events / session", numeric: true },
  { label: "Active events", numeric: true },
  { label: "Interaction time", numeric: true },
];

function sessionRow(u: UserSessions, rank: number): Child[] {
  return [
    rank,
    u.user_id,
    formatCount(u.total_sessions),
    secondsText(u.avg_session_duration),
    formatCount(u.actions),
    formatNumber(u.actions_per_session),
    formatCount(u.active_events),
    secondsText(u.interaction_seconds),
  ];
}

function sessionTableCard(r: EngagementResults, card: Card): HTMLElement {
  const t = r.sessions.table;
  const rows = t.rows.map((u, i) => ({ u, rank: i + 1, key: u.user_id.toLowerCase() }));
  const search = el("input", {
    id: "session-search",
    testid: "session-search",
    attrs: { type: "search", placeholder: "Filter by user_id", autocomplete: "off", spellcheck: "false" },
  });
  const count = el("p", { class: "note", testid: "session-count", attrs: { "aria-live": "polite" } });
  const host = el("div", { class: "scroll", attrs: { tabindex: 0, role: "region", "aria-label": "Per-user sessions" } });
  const render = (): void => {
    const q = search.value.trim().toLowerCase();
    const shown = q ? rows.filter((x) => x.key.includes(q)) : rows;
    replace(host, table("session-table", "Per-user sessions", SESSION_COLUMNS, shown.map((x) => sessionRow(x.u, x.rank))));
    count.textContent = q
      ? `${formatCount(shown.length)} of the ${formatCount(rows.length)} users in the table match “${search.value.trim()}”.`
      : `All ${formatCount(rows.length)} rows.`;
  };
  search.addEventListener("input", render);
  render();
  const carried =
    t.users > rows.length
      ? `The document carries the ${formatCount(rows.length)} users with the most sessions (ties: user_id order) of ${formatCount(t.users)} users; the search filters those rows.`
      : `The document carries all ${formatCount(t.users)} users.`;
  return card(
    "Sessions per user",
    true,
    ["session-table", "sessions-top-users"],
    el("p", { class: "note", testid: "session-carried" }, carried),
    el("div", { class: "search" }, el("label", { attrs: { for: "session-search" } }, "Search users"), search, count),
    host,
  );
}

function csvButton(t: DocTable, runNumber: number, label: string): HTMLElement {
  const button = el(
    "button",
    { class: "small", testid: `download-csv-${t.id}`, title: `${t.title}: ${formatCount(t.rows.length)} rows as CSV`, attrs: { type: "button" } },
    label,
  );
  button.addEventListener("click", () => downloadTable(t, runNumber));
  return button;
}

function downloadTable(t: DocTable, runNumber: number): void {
  download(csvName("engagement", runNumber, t.id), new Blob([toCsv(t.columns, t.rows)], { type: "text/csv;charset=utf-8" }));
}

/** One download per table, a little apart: browsers drop downloads started in the same instant. */
function downloadAll(tables: DocTable[], runNumber: number): void {
  tables.forEach((t, i) => setTimeout(() => downloadTable(t, runNumber), i * 250));
}

function downloadsCard(tables: DocTable[], runNumber: number): HTMLElement {
  return el(
    "section",
    { class: "card wide", attrs: { "aria-label": "Every table as CSV" } },
    el("h3", null, "Every table of the result as CSV"),
    el(
      "p",
      { class: "note" },
      "One CSV file per table, with the document's own values and units (seconds, milliseconds, shares as fractions). “Download all tables” saves them one after another; the browser may ask once to allow several downloads.",
    ),
    el(
      "ul",
      { class: "downloads", testid: "csv-downloads" },
      ...tables.map((t) => el("li", null, csvButton(t, runNumber, t.id), el("span", { class: "note" }, ` ${t.title} (${formatCount(t.rows.length)} rows)`))),
    ),
  );
}
