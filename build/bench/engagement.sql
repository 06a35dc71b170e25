-- DAU, MAU and sessions as DuckDB SQL over the interaction log, the anchor of
-- `npm run bench`, run the same by DuckDB natively and by DuckDB-WASM in the
-- page (build/bench/duckdb.mjs, build/bench/duckdb-page.mjs: each named query in
-- order, timed; {{interactions}} becomes the file's name as a string literal).
-- The definitions are README "Engagement: definitions": an active event has
-- 10 s < duration < 4 h (strict); days and months in UTC; a gap of more than
-- 10 minutes between a user's consecutive starts begins a new session, and a
-- session lasts from its first start to its latest start + duration.
-- Differences: only these three questions (Dropsight's recipe also computes
-- WAU, stickiness, retention, percentiles, power users, anomalies and skew, and
-- joins the metadata table); a bad row fails the query instead of becoming a
-- reject; the columns are named here, not found by name or synonym.

-- name: load
CREATE OR REPLACE TEMP TABLE events AS
SELECT
  user_id,
  CAST(CAST("timestamp" AS TIMESTAMP) AS DATE) AS day,
  epoch_ms(CAST("timestamp" AS TIMESTAMP)) AS start_ms,
  duration_ms,
  duration_ms > 10000 AND duration_ms < 14400000 AS active
FROM read_csv({{interactions}}, header = true, columns = {
  user_id: 'VARCHAR', "timestamp": 'VARCHAR', action_type: 'VARCHAR',
  page_id: 'VARCHAR', duration_ms: 'DOUBLE', app_version: 'VARCHAR'
});

-- name: dau
SELECT strftime(day, '%Y-%m-%d') AS day, count(DISTINCT user_id) AS users
FROM events WHERE active
GROUP BY events.day ORDER BY events.day;

-- name: mau
SELECT strftime(date_trunc('month', day), '%Y-%m') AS month, count(DISTINCT user_id) AS users
FROM events WHERE active
GROUP BY date_trunc('month', day) ORDER BY date_trunc('month', day);

-- name: sessions
-- Per user: sessions, their mean duration in seconds and the events in them;
-- the 1,000 users with the most sessions (ties: user_id) and the total.
WITH marked AS (
  SELECT user_id, start_ms, start_ms + duration_ms AS end_ms,
    CASE WHEN start_ms - lag(start_ms) OVER (PARTITION BY user_id ORDER BY start_ms) <= 600000 THEN 0 ELSE 1 END AS begins
  FROM events
), numbered AS (
  SELECT *, sum(begins) OVER (PARTITION BY user_id ORDER BY start_ms ROWS UNBOUNDED PRECEDING) AS session
  FROM marked
), sessions AS (
  SELECT user_id, count(*) AS actions, (max(end_ms) - min(start_ms)) / 1000 AS seconds
  FROM numbered GROUP BY user_id, session
), users AS (
  SELECT user_id, count(*) AS total_sessions, avg(seconds) AS avg_session_duration, sum(actions)::BIGINT AS actions
  FROM sessions GROUP BY user_id
)
SELECT user_id, total_sessions, round(avg_session_duration, 3) AS avg_session_duration, actions,
  (sum(total_sessions) OVER ())::BIGINT AS total
FROM users
ORDER BY total_sessions DESC, user_id
LIMIT 1000;
