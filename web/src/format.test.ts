import { describe, expect, it } from "vitest";
import {
  estimateRemainingMs,
  formatBytes,
  formatCount,
  formatDuration,
  formatEta,
  formatMiB,
  formatPercent,
  formatPerSecond,
  formatRate,
  formatSeconds,
  formatCompact,
  formatSecondsHuman,
  formatShare,
} from "./format";

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [999, "999 B"],
    [1000, "1.00 kB"],
    [1500, "1.50 kB"],
    [12_345_678, "12.3 MB"],
    [407_720_271, "407.7 MB"],
    [999_960, "1.00 MB"],
    [1_234_567_890, "1.23 GB"],
    [-1, "–"],
    [Number.NaN, "–"],
  ])("%d -> %s", (n, want) => {
    expect(formatBytes(n)).toBe(want);
  });
});

describe("formatMiB", () => {
  it("uses binary units", () => {
    expect(formatMiB(64 * 1024 * 1024)).toBe("64.0 MiB");
    expect(formatMiB(1.5 * 1024 * 1024)).toBe("1.5 MiB");
  });
});

describe("formatCount", () => {
  it("groups thousands", () => {
    expect(formatCount(117407)).toBe("117,407");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(Infinity)).toBe("–");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0 ms"],
    [850, "850 ms"],
    [2345, "2.35 s"],
    [12_400, "12.4 s"],
    [65_000, "1 min 05 s"],
    [3_720_000, "1 h 02 min"],
    [-5, "–"],
  ])("%d ms -> %s", (ms, want) => {
    expect(formatDuration(ms)).toBe(want);
  });
});

describe("formatSeconds", () => {
  it("keeps about three significant digits", () => {
    expect(formatSeconds(0.4123)).toBe("0.412");
    expect(formatSeconds(3.214)).toBe("3.21");
    expect(formatSeconds(45.66)).toBe("45.7");
  });
});

describe("rates", () => {
  it("formats MB/s", () => {
    expect(formatRate(152_300_000)).toBe("152 MB/s");
    expect(formatRate(12_340_000)).toBe("12.3 MB/s");
    expect(formatRate(Number.NaN)).toBe("–");
  });
  it("formats records per second", () => {
    expect(formatPerSecond(950)).toBe("950 records/s");
    expect(formatPerSecond(45_200)).toBe("45.2k records/s");
    expect(formatPerSecond(1_200_000, "lines")).toBe("1.20M lines/s");
  });
});

describe("estimateRemainingMs", () => {
  it("extrapolates the average rate", () => {
    expect(estimateRemainingMs(100, 400, 1000)).toBe(3000);
  });
  it("is 0 when done", () => {
    expect(estimateRemainingMs(400, 400, 1000)).toBe(0);
  });
  it("is unknown before anything is done or too early", () => {
    expect(estimateRemainingMs(0, 400, 1000)).toBeNull();
    expect(estimateRemainingMs(10, 400, 100)).toBeNull();
    expect(estimateRemainingMs(10, 0, 1000)).toBeNull();
  });
});

describe("formatEta", () => {
  it.each([
    [null, "estimating time left…"],
    [400, "less than 1 s left"],
    [4200, "about 5 s left"],
    [75_000, "about 1 min 15 s left"],
  ])("%s -> %s", (ms, want) => {
    expect(formatEta(ms)).toBe(want);
  });
});

describe("formatPercent", () => {
  it("floors and caps", () => {
    expect(formatPercent(1, 3)).toBe("33%");
    expect(formatPercent(5, 3)).toBe("100%");
    expect(formatPercent(1, 0)).toBe("0%");
  });
});

describe("engagement figures", () => {
  it("formatShare picks decimals by size", () => {
    expect(formatShare(0.03301)).toBe("3.30%");
    expect(formatShare(0.00026)).toBe("0.026%");
    expect(formatShare(1)).toBe("100.0%");
    expect(formatShare(0)).toBe("0.0%");
    expect(formatShare(0.5, 0)).toBe("50%");
  });

  it("formatCompact shortens large counts", () => {
    expect(formatCompact(950)).toBe("950");
    expect(formatCompact(1600)).toBe("1.6k");
    expect(formatCompact(12_345)).toBe("12k");
    expect(formatCompact(1_234_567)).toBe("1.23M");
    expect(formatCompact(0)).toBe("0");
  });

  it("formatSecondsHuman reads seconds", () => {
    expect(formatSecondsHuman(2.5)).toBe("2.5 s");
    expect(formatSecondsHuman(150)).toBe("2 min 30 s");
    expect(formatSecondsHuman(14400)).toBe("4 h 00 min");
  });
});
