import { describe, expect, it } from "vitest";
import { formatAbsolute, formatRelative, toDate } from "./time";

const NOW = new Date("2026-12-03T12:00:00Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

describe("relative times", () => {
  it("say minutes and days ago in English", () => {
    expect(formatRelative(ago(3 * 60), NOW, "en")).toBe("3 minutes ago");
    expect(formatRelative(ago(2 * 86400), NOW, "en")).toBe("2 days ago");
    expect(formatRelative(ago(5 * 3600), NOW, "en")).toBe("5 hours ago");
  });

  it("say 分前 and 日前 in Japanese", () => {
    expect(formatRelative(ago(3 * 60), NOW, "ja")).toBe("3 分前");
    expect(formatRelative(ago(2 * 86400), NOW, "ja")).toBe("2 日前");
  });

  it("say the future for an expiry", () => {
    expect(formatRelative(ago(-3 * 86400), NOW, "en")).toBe("in 3 days");
    expect(formatRelative(ago(-3 * 86400), NOW, "ja")).toBe("3 日後");
  });

  it("call the last few seconds now, not a count of seconds", () => {
    expect(formatRelative(ago(20), NOW, "en")).toBe("now");
    expect(formatRelative(ago(20), NOW, "ja")).toBe("今");
  });

  it("go up to months and years", () => {
    expect(formatRelative(ago(65 * 86400), NOW, "en")).toBe("2 months ago");
    expect(formatRelative(ago(800 * 86400), NOW, "en")).toBe("2 years ago");
  });
});

describe("absolute times", () => {
  it("name the date, the time and the zone, never the ISO text", () => {
    const en = formatAbsolute(NOW, "en", "UTC");
    expect(en).toContain("2026");
    expect(en).toContain("12:00:00");
    expect(en).toContain("UTC");
    expect(en).not.toContain("T12");
    const ja = formatAbsolute(NOW, "ja", "Asia/Tokyo");
    expect(ja).toContain("2026/12/03");
    expect(ja).toContain("21:00:00");
    expect(ja).toContain("JST");
  });
});

describe("backend times", () => {
  it("read RFC 3339 text and Quay's Unix seconds alike", () => {
    expect(toDate("2026-12-03T12:00:00Z")?.getTime()).toBe(NOW.getTime());
    expect(toDate(NOW.getTime() / 1000)?.getTime()).toBe(NOW.getTime());
  });

  it("give nothing for absent or unreadable text", () => {
    expect(toDate(null)).toBeNull();
    expect(toDate("")).toBeNull();
    expect(toDate("not a time")).toBeNull();
  });
});
