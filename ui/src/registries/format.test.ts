import { describe, expect, it } from "vitest";
import { formatBytes, platformLabel, relativeTime, shortDigest } from "./format";

describe("format", () => {
  it("sizes_are_1024_based_with_binary_units", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1024)).toBe("1 KiB");
    expect(formatBytes(3.4 * 1024 * 1024)).toBe("3.4 MiB");
    expect(formatBytes(1.5 * 1024 ** 3)).toBe("1.5 GiB");
    expect(formatBytes(152.5 * 1024 * 1024)).toBe("153 MiB");
  });

  it("digests_shorten_to_the_algorithm_and_twelve_hex_digits", () => {
    expect(shortDigest(`sha256:${"0123456789abcdef".repeat(4)}`)).toBe("sha256:0123456789ab");
  });

  it("platforms_read_like_the_platform_flag", () => {
    expect(platformLabel({ os: "linux", architecture: "amd64", variant: null })).toBe("linux/amd64");
    expect(platformLabel({ os: "linux", architecture: "arm64", variant: "v8" })).toBe("linux/arm64/v8");
  });

  it("relative_times_speak_the_ui_language", () => {
    const now = new Date("2024-06-10T00:00:00Z");
    expect(relativeTime(new Date("2024-06-07T00:00:00Z"), "en", now)).toBe("3 days ago");
    expect(relativeTime(new Date("2024-06-07T00:00:00Z"), "ja", now)).toBe("3 日前");
    expect(relativeTime(new Date("2022-06-10T00:00:00Z"), "en", now)).toBe("2 years ago");
  });
});
