import { describe, expect, it } from "vitest";
import type { Sniff } from "./protocol";
import {
  ENGAGEMENT_DEFAULTS,
  detectInteractionColumns,
  detectMetadataColumns,
  dimensionsOf,
  engagementParams,
  guessRole,
  humanSeconds,
  kindOf,
  proposeRecipe,
  settingsProblem,
} from "./recipes";

function sniff(over: Partial<Sniff>): Sniff {
  return {
    name: "x",
    format: "ndjson",
    gzip: false,
    shape: "",
    fields: { date: "", user: "", text: "", mentions: "" },
    keys: [],
    splittable: true,
    ...over,
  };
}

const csv = (columns: string[], role?: Sniff["role"]): Sniff =>
  sniff({ format: "csv", keys: columns, csv: { delimiter: ",", header: true, columns }, ...(role ? { role } : {}) });

describe("kindOf and guessRole", () => {
  it("takes the engine's role for CSV", () => {
    expect(kindOf(csv(["user_id", "timestamp", "duration_ms"], "interactions"))).toBe("interactions");
    expect(kindOf(csv(["user_id", "country"], "metadata"))).toBe("metadata");
  });

  it("guesses the role of NDJSON from its top-level keys, as core/activity.GuessRole", () => {
    expect(guessRole(sniff({ keys: ["Event_Time", "User-ID", "duration"] }))).toBe("interactions");
    expect(guessRole(sniff({ keys: ["uid", "country"] }))).toBe("metadata");
    expect(guessRole(sniff({ keys: ["a", "b"] }))).toBe("");
    // Nested paths are not columns.
    expect(guessRole(sniff({ keys: ["x", "x.user_id"] }))).toBe("");
  });

  it("tells tweets from a user table (both have a user field)", () => {
    const tweets = sniff({ keys: ["date", "user", "text"], fields: { date: "date", user: "user", text: "text", mentions: "" } });
    expect(kindOf(tweets)).toBe("tweets");
    expect(kindOf(sniff({ format: "unknown" }))).toBe("unknown");
  });
});

describe("proposeRecipe", () => {
  it("proposes engagement for any interaction log, else tweets", () => {
    expect(proposeRecipe(["interactions", "metadata"]).recipe).toBe("engagement");
    expect(proposeRecipe(["interactions", "metadata"]).reason).toMatch(/interaction log and a user metadata table/);
    expect(proposeRecipe(["tweets", "tweets"]).recipe).toBe("tweets");
    expect(proposeRecipe(["metadata"]).recipe).toBe("engagement");
    expect(proposeRecipe(["metadata"]).reason).toMatch(/no interaction log/);
    expect(proposeRecipe(["unknown"]).recipe).toBe("tweets");
  });
});

describe("column detection", () => {
  it("finds the interaction columns by name and synonyms", () => {
    expect(detectInteractionColumns(csv(["uid", "Event Time", "event", "screen", "dur_ms", "build"]))).toEqual({
      user_id: "uid",
      timestamp: "Event Time",
      action_type: "event",
      page_id: "screen",
      duration_ms: "dur_ms",
      app_version: "build",
    });
    expect(detectInteractionColumns(csv(["user_id", "timestamp", "duration_ms"])).app_version).toBe("");
  });

  it("finds the metadata columns, and the rest become dimensions", () => {
    const s = csv(["user_id", "join_date", "country", "device_type", "subscription_type"]);
    const m = detectMetadataColumns(s);
    expect(m).toEqual({ user_id: "user_id", join_date: "join_date", device_type: "device_type" });
    expect(dimensionsOf(s, m)).toEqual(["join_date (as join_year)", "country", "device_type", "subscription_type"]);
  });
});

describe("engagement parameters", () => {
  it("sends core/activity.Params names and units", () => {
    const p = engagementParams({ ...ENGAGEMENT_DEFAULTS, powerPercent: 7 }, "UTC", detectInteractionColumns(csv([])), detectMetadataColumns(csv([])));
    expect(p.powerShare).toBe(0.07);
    expect(p.gapSeconds).toBe(600);
    expect(p.minActiveSeconds).toBe(10);
    expect(p.maxActiveSeconds).toBe(14400);
    expect(p.anomalyThreshold).toBe(3.5);
  });

  it("checks them", () => {
    expect(settingsProblem(ENGAGEMENT_DEFAULTS)).toBe("");
    expect(settingsProblem({ ...ENGAGEMENT_DEFAULTS, minActiveSeconds: 0 })).toBe("");
    expect(settingsProblem({ ...ENGAGEMENT_DEFAULTS, gapSeconds: 0 })).toMatch(/gap/);
    expect(settingsProblem({ ...ENGAGEMENT_DEFAULTS, maxActiveSeconds: 10 })).toMatch(/maximum/);
    expect(settingsProblem({ ...ENGAGEMENT_DEFAULTS, powerPercent: 101 })).toMatch(/power/);
    expect(settingsProblem({ ...ENGAGEMENT_DEFAULTS, anomalyThreshold: Number.NaN })).toMatch(/anomaly/);
  });

  it("says seconds in words", () => {
    expect(humanSeconds(600)).toBe("10 min");
    expect(humanSeconds(14400)).toBe("4 h");
    expect(humanSeconds(5430)).toBe("1 h 30 min 30 s");
    expect(humanSeconds(10)).toBe("10 s");
  });
});
