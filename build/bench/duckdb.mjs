// The DuckDB anchors of `npm run bench`: the named queries of tweets.sql and
// engagement.sql, run by DuckDB natively (@duckdb/node-api, its default
// threads: every core) and, for engagement, by DuckDB-WASM in the page
// (duckdb-page.mjs); and the comparison of their answers with Dropsight's, so
// the bench says whether the two computed the same thing before it compares
// their times.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

/** The named queries of build/bench/NAME.sql, in order: [{ name, sql }]. The
 *  placeholders {{key}} become the values of params as SQL string literals. */
export function queries(name, params) {
  const text = readFileSync(join(import.meta.dirname, `${name}.sql`), "utf8");
  const literal = (s) => `'${String(s).replaceAll("'", "''")}'`;
  return text.split(/^-- name: /m).slice(1).map((part) => {
    const [first, ...rest] = part.split("\n");
    const sql = rest.join("\n").replace(/\{\{(\w+)\}\}/g, (_, key) => {
      if (!(key in params)) throw new Error(`${name}.sql: no value for {{${key}}}`);
      return literal(params[key]);
    });
    return { name: first.trim(), sql };
  });
}

/** Plain JSON of a DuckDB value: BIGINT and HUGEINT (bigint) become numbers. */
const plain = (rows) => JSON.parse(JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? Number(v) : v)));

/** One native run of the queries in a fresh in-memory database:
 *  { seconds, steps: { name: seconds }, results: { name: rows } }. */
export async function runNative(list) {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const steps = {};
    const results = {};
    const t0 = performance.now();
    for (const { name, sql } of list) {
      const t = performance.now();
      const reader = await connection.runAndReadAll(sql);
      steps[name] = (performance.now() - t) / 1000;
      results[name] = plain(reader.getRowObjectsJS());
    }
    return { seconds: (performance.now() - t0) / 1000, steps, results };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** DuckDB's threads setting (its default is every core). */
export async function nativeThreads() {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll("SELECT current_setting('threads') AS threads, version() AS version");
    return plain(reader.getRowObjectsJS())[0];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** How DuckDB's tweets answers compare with Dropsight's: one line per question. */
export function compareTweets(dropsight, duck) {
  const lines = [];
  const dates = duck.topDates.map((r) => ({ date: r.date, tweets: r.tweets, topUser: r.topUser, topUserTweets: r.topUserTweets }));
  lines.push(`top dates with their top user: ${same(dates, dropsight.topDates) ? "same answer" : "DIFFERENT answer"}`);
  const mentions = duck.topMentions.map((r) => ({ username: r.username, count: r.count }));
  lines.push(`top mentions (mentionedUsers only): ${same(mentions, dropsight.topMentions) ? "same answer" : "DIFFERENT answer"}`);
  const emojis = duck.topEmojis.map((r) => ({ emoji: r.emoji, count: r.count }));
  const overlap = emojis.filter((e) => dropsight.topEmojis.some((d) => d.emoji === e.emoji)).length;
  lines.push(`top emojis (regular expression, not grapheme clusters): ${same(emojis, dropsight.topEmojis)
    ? "same answer" : `differs: ${overlap} of the 10 in both, counts ${emojis.slice(0, 3).map((e) => e.count).join(", ")} vs ${dropsight.topEmojis.slice(0, 3).map((e) => e.count).join(", ")} for the first three`}`);
  return lines;
}

/** How DuckDB's DAU, MAU and sessions compare with Dropsight's engagement
 *  results. The per-user rows are compared for the users Dropsight lists; the
 *  mean session duration within a millisecond (both round to 3 decimals, from
 *  sums taken in a different order). */
export function compareEngagement(dropsight, duck) {
  const listed = dropsight.sessions.users;
  const sameUsers = listed.length > 0 && listed.every((u, i) => {
    const d = duck.sessions[i];
    return d && d.user_id === u.user_id && d.total_sessions === u.total_sessions && d.actions === u.actions &&
      Math.abs(d.avg_session_duration - u.avg_session_duration) <= 0.0011;
  });
  return [
    `DAU: ${same(duck.dau, dropsight.dau) ? "same answer" : "DIFFERENT answer"}`,
    `MAU: ${same(duck.mau, dropsight.mau) ? "same answer" : "DIFFERENT answer"}`,
    `sessions: total ${duck.sessions[0]?.total === dropsight.sessions.total ? "same" : `DIFFERENT (${duck.sessions[0]?.total} vs ${dropsight.sessions.total})`}, ` +
      `the ${listed.length} users with the most sessions ${sameUsers ? "same" : "DIFFERENT"}`,
  ];
}
