-- The tweets questions as DuckDB SQL over the NDJSON file, the anchor of
-- `npm run bench` (build/bench/duckdb.mjs runs each named query in order and
-- times it; {{tweets}} becomes the file's path as a string literal).
-- Differences from Dropsight's definitions (README "Tweet insights: definitions"):
-- only snscrape's field names are read; a line DuckDB cannot parse fails the
-- query instead of becoming a reject; mentions come only from mentionedUsers
-- (no @mentions from the text for records without the field); emojis are runs
-- of code points in the main pictographic blocks (with variation selectors,
-- skin tones and ZWJ joins) matched by a regular expression, not UAX #29
-- grapheme clusters with Extended_Pictographic.

-- name: load
-- One scan of the file into the columns the three questions need.
CREATE OR REPLACE TEMP TABLE tweets AS
SELECT
  CAST(CAST(TRY_CAST(date AS TIMESTAMPTZ) AS TIMESTAMP) AS DATE) AS day,
  "user".username AS username,
  content,
  list_transform(mentionedUsers, m -> m.username) AS mentions
FROM read_ndjson({{tweets}}, columns = {
  date: 'VARCHAR',
  "user": 'STRUCT(username VARCHAR)',
  content: 'VARCHAR',
  mentionedUsers: 'STRUCT(username VARCHAR)[]'
});

-- name: topDates
-- The 10 days with the most tweets (ties: earlier day), each with its most
-- active user (ties: byte-wise smaller name).
WITH per_user AS (
  SELECT day, username, count(*) AS n
  FROM tweets WHERE day IS NOT NULL
  GROUP BY day, username
  QUALIFY row_number() OVER (PARTITION BY day ORDER BY n DESC, username) = 1
), per_day AS (
  SELECT day, count(*) AS tweets FROM tweets WHERE day IS NOT NULL GROUP BY day
)
SELECT strftime(per_day.day, '%Y-%m-%d') AS date, tweets, username AS topUser, n AS topUserTweets
FROM per_day JOIN per_user USING (day)
ORDER BY tweets DESC, date
LIMIT 10;

-- name: topMentions
-- Names grouped case-insensitively, shown in their most frequent spelling.
WITH spelled AS (
  SELECT lower(name) AS key, name, count(*) AS n
  FROM (SELECT unnest(mentions) AS name FROM tweets)
  WHERE name IS NOT NULL
  GROUP BY key, name
)
SELECT arg_max(name, (n, -rank)) AS username, sum(n)::BIGINT AS count
FROM (SELECT *, row_number() OVER (PARTITION BY key ORDER BY name) AS rank FROM spelled)
GROUP BY key
ORDER BY count DESC, key
LIMIT 10;

-- name: topEmojis
WITH found AS (
  SELECT unnest(regexp_extract_all(content,
    '[\x{1F1E6}-\x{1F1FF}][\x{1F1E6}-\x{1F1FF}]|[0-9#*]\x{FE0F}?\x{20E3}|[\x{1F3FB}-\x{1F3FF}]|(?:[\x{1F000}-\x{1FAFF}\x{2300}-\x{23FF}\x{2600}-\x{27BF}\x{2B00}-\x{2BFF}\x{2190}-\x{21FF}\x{3030}\x{303D}\x{3297}\x{3299}]\x{FE0F}?[\x{1F3FB}-\x{1F3FF}]?)(?:\x{200D}[\x{1F000}-\x{1FAFF}\x{2300}-\x{23FF}\x{2600}-\x{27BF}\x{2B00}-\x{2BFF}]\x{FE0F}?[\x{1F3FB}-\x{1F3FF}]?)*'
  )) AS emoji
  FROM tweets
)
SELECT emoji, count(*) AS count FROM found GROUP BY emoji ORDER BY count DESC, emoji LIMIT 10;
