import { describe, expect, it } from "vitest";
import { en } from "./en";
import { ja } from "./ja";
import { interpolate, interpolateNodes, placeholders, resolveLanguage } from "./i18n";

describe("message catalogs", () => {
  it("japanese_has_every_english_key_and_no_extra_ones", () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it("no_message_is_empty_in_either_language", () => {
    for (const [lang, catalog] of Object.entries({ en, ja })) {
      for (const [key, value] of Object.entries(catalog)) {
        expect(value.trim(), `${lang}:${key}`).not.toBe("");
      }
    }
  });

  it("no_key_is_defined_in_two_areas", () => {
    // The catalogs are merged by spreading the area files: a key in two areas would silently
    // take the later one's text.
    type Area = Record<string, Record<string, string>>;
    const enAreas = import.meta.glob<Area>("./*.en.ts", { eager: true });
    const jaAreas = import.meta.glob<Area>("./*.ja.ts", { eager: true });
    for (const areas of [enAreas, jaAreas]) {
      const seen = new Map<string, string>();
      for (const [file, module] of Object.entries(areas)) {
        for (const catalog of Object.values(module)) {
          for (const key of Object.keys(catalog)) {
            expect(seen.get(key), `${key} in ${file}`).toBeUndefined();
            seen.set(key, file);
          }
        }
      }
      expect(seen.size).toBe(Object.keys(en).length);
    }
  });

  it("both_languages_use_the_same_placeholders_per_key", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(ja[key]), key).toEqual(placeholders(en[key]));
    }
  });

});

describe("resolveLanguage", () => {
  it("system_follows_a_japanese_locale", () => {
    expect(resolveLanguage("system", "ja-JP")).toBe("ja");
    expect(resolveLanguage("system", "ja")).toBe("ja");
  });

  it("system_falls_back_to_english_for_other_locales", () => {
    expect(resolveLanguage("system", "en-US")).toBe("en");
    expect(resolveLanguage("system", "de-DE")).toBe("en");
    expect(resolveLanguage("system", "")).toBe("en");
  });

  it("an_explicit_choice_wins_over_the_locale", () => {
    expect(resolveLanguage("en", "ja-JP")).toBe("en");
    expect(resolveLanguage("ja", "en-US")).toBe("ja");
  });
});

describe("interpolate", () => {
  it("fills_named_parameters_and_leaves_unknown_ones_visible", () => {
    expect(interpolate("Edit {name} at {url}", { name: "demo" })).toBe("Edit demo at {url}");
    expect(interpolate("{shown} of {total}", { shown: 1, total: 3 })).toBe("1 of 3");
  });

  it("places_elements_where_the_placeholder_is", () => {
    const parts = interpolateNodes("接続は {path} に保存されます", { path: "X" });
    expect(parts[0]).toBe("接続は ");
    expect(parts[2]).toBe(" に保存されます");
  });
});
