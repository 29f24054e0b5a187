import { describe, expect, it } from "vitest";
import glossaryMarkdown from "./GLOSSARY.md?raw";
import { ja } from "./ja";

// The Japanese UI must use the words of Red Hat's Japanese documents. GLOSSARY.md is the one
// list of those words: this test reads its "Replaces" column rather than a copy, so adding a
// row to the glossary is enough to enforce it. The matching rules are described in GLOSSARY.md
// ("How the test matches"); keep the two in step.

/** One replaced spelling and the preferred spelling(s) of its glossary row. */
interface Replacement {
  replaced: string;
  preferred: string[];
}

/** Items written in backticks in a table cell (`a`, `b`), or the bare cell text. */
function cellItems(cell: string): string[] {
  const quoted = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "");
  return quoted.length > 0 ? quoted : [cell.trim()];
}

/** Rows of every table whose header starts with "Preferred | Replaces". */
export function parseGlossary(markdown: string): Replacement[] {
  const out: Replacement[] = [];
  let inTermTable = false;
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("|")) {
      inTermTable = false;
      continue;
    }
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (cells[0] === "Preferred" && cells[1] === "Replaces") {
      inTermTable = true;
      continue;
    }
    if (!inTermTable || /^-+$/.test(cells[0] ?? "")) continue;
    const [preferredCell = "", replacesCell = ""] = cells;
    if (replacesCell === "—") continue;
    const preferred = cellItems(preferredCell);
    for (const m of replacesCell.matchAll(/`([^`]+)`/g)) {
      out.push({ replaced: m[1] ?? "", preferred });
    }
  }
  return out;
}

// Hiragana, katakana (with ー), CJK ideographs, and CJK / full-width punctuation.
const JAPANESE = /[\u3000-\u303F\u3040-\u30FF\u4E00-\u9FFF\uFF00-\uFFEF]/;
const KANA_OR_KANJI = /[\u3040-\u30FF\u4E00-\u9FFF]/;
const COMMAND_WORDS = [
  "oc",
  "kubectl",
  "podman",
  "docker",
  "skopeo",
  "buildah",
  "openssl",
  "printf",
  "read",
  "curl",
  "sudo",
  "update-ca-trust",
];
const COMMAND_START = new RegExp(
  `(?<![A-Za-z0-9_./-])(?:${COMMAND_WORDS.join("|")}) (?=[a-z$-])`,
  "g",
);
// Stands in for exempt text: not Latin, not Japanese, not a space.
const MASK = "\u25AF";

/**
 * The string with its exempt parts masked: code spans in backticks, `{placeholders}`,
 * commands (a command word up to the first Japanese character or the line's end) and
 * names quoted in 「」 that hold no Japanese.
 */
export function maskExempt(text: string): string {
  const blank = (s: string) => MASK.repeat(s.length);
  let masked = text
    .replace(/`[^`\n]*`/g, blank)
    .replace(/\{\w+\}/g, blank)
    .replace(/「([^」\n]*)」/g, (whole, inner: string) =>
      JAPANESE.test(inner) ? whole : `「${blank(inner)}」`,
    );
  for (const m of [...masked.matchAll(COMMAND_START)]) {
    const start = m.index ?? 0;
    let end = start;
    while (end < masked.length && masked[end] !== "\n" && !JAPANESE.test(masked[end] ?? "")) {
      end += 1;
    }
    masked = masked.slice(0, start) + blank(masked.slice(start, end)) + masked.slice(end);
  }
  return masked;
}

const LATIN = /^[\x20-\x7E]+$/;
const NAME_CHAR = /[A-Za-z0-9_./:=@$<>{}-]/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Where `replaced` occurs in `masked` as the glossary's rules count it. */
function occurrences(masked: string, rule: Replacement): number[] {
  const latin = LATIN.test(rule.replaced);
  const pattern = new RegExp(escapeRegExp(rule.replaced), latin ? "gi" : "g");
  // Ranges of the preferred spelling: a replaced spelling inside one is the right word.
  const preferredRanges: [number, number][] = [];
  for (const p of rule.preferred) {
    for (const m of masked.matchAll(new RegExp(escapeRegExp(p), "g"))) {
      preferredRanges.push([m.index ?? 0, (m.index ?? 0) + p.length]);
    }
  }
  const found: number[] = [];
  for (const m of masked.matchAll(pattern)) {
    const at = m.index ?? 0;
    const end = at + m[0].length;
    if (preferredRanges.some(([s, e]) => s <= at && end <= e)) continue;
    if (latin) {
      // Part of a name, flag or path, or an all-caps label (BEGIN CERTIFICATE): not prose.
      if (NAME_CHAR.test(masked[at - 1] ?? "") || NAME_CHAR.test(masked[end] ?? "")) continue;
      if (/[A-Z]/.test(m[0]) && m[0] === m[0].toUpperCase()) continue;
    }
    found.push(at);
  }
  return found;
}

/** Every string of a (possibly nested) catalog, with its key path. */
export function walk(value: unknown, path = ""): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => walk(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** "key: uses 'spelling' (write 'preferred')" for every replaced spelling in the catalog. */
export function termOffences(catalog: unknown, rules: Replacement[]): string[] {
  const out: string[] = [];
  for (const [key, text] of walk(catalog)) {
    const masked = maskExempt(text);
    for (const rule of rules) {
      for (const at of occurrences(masked, rule)) {
        const spelled = text.slice(at, at + rule.replaced.length);
        out.push(`${key}: uses "${spelled}" (write "${rule.preferred.join(" / ")}")`);
      }
    }
  }
  return out;
}

/** The mechanically checkable style rules of GLOSSARY.md ("Style"). */
export function styleOffences(catalog: unknown): string[] {
  const out: string[] = [];
  for (const [key, text] of walk(catalog)) {
    const masked = maskExempt(text);
    const flag = (why: string) => out.push(`${key}: ${why}`);
    if (/[（）]/.test(masked)) flag("full-width parenthesis; write ( ) with a space before (");
    for (const m of masked.matchAll(/\(/g)) {
      if (KANA_OR_KANJI.test(masked[(m.index ?? 0) - 1] ?? "")) flag('no space before "("');
    }
    if (/[？！]/.test(masked)) flag("full-width ? or !; write them half-width");
    if (/\{\w+\}\s*(?:個|つ)|\d\s*個/.test(text)) flag("counter other than 件 for a count");
    if (/[ \t\u3000]$/m.test(text)) flag("trailing space");
    if (/(?:だ|である)(?:。|$)/m.test(masked)) flag("sentence not in です/ます");
  }
  return out;
}

const rules = parseGlossary(glossaryMarkdown);

describe("glossary", () => {
  it("the_glossary_lists_the_terms_it_replaces", () => {
    // A broken table would otherwise make every check below pass by checking nothing.
    const replaced = rules.map((r) => r.replaced);
    for (const spelling of ["pull secret", "pull", "push", "レジストリ", "サインイン", "既に"]) {
      expect(replaced, spelling).toContain(spelling);
    }
    expect(rules.find((r) => r.replaced === "サインイン")?.preferred).toEqual(["ログイン"]);
  });

  it("no_japanese_string_uses_a_spelling_the_glossary_replaces", () => {
    expect(termOffences(ja, rules)).toEqual([]);
  });

  it("japanese_strings_follow_the_checkable_style_rules", () => {
    expect(styleOffences(ja)).toEqual([]);
  });
});

describe("glossary checker", () => {
  it("names_the_key_and_the_spelling_of_a_replaced_term", () => {
    const planted = {
      area: { "x.tab": "Pull secret の一覧", "x.body": "レジストリに pull します。" },
    };
    expect(termOffences(planted, rules)).toEqual([
      'area.x.tab: uses "Pull secret" (write "プルシークレット")',
      'area.x.tab: uses "Pull" (write "プル")',
      'area.x.tab: uses "secret" (write "シークレット")',
      'area.x.body: uses "レジストリ" (write "レジストリー")',
      'area.x.body: uses "pull" (write "プル")',
    ]);
  });

  it("leaves_commands_code_spans_placeholders_and_names_alone", () => {
    const fine = {
      cmd: "oc secrets link default <name> --for=pull で、プルに使うようリンクします。",
      inline: "(oc tag -d と同じ) と docker pull、podman login に渡します。",
      code: "`podman pull {image}` を実行します。",
      placeholder: "{pullSpec} をコピーしました。",
      name: "キー「token」に保存されます。system:image-puller と imagePullSecrets と 0-self-signed.cert。",
      label: "BEGIN CERTIFICATE ブロックがありません。",
      preferred: "レジストリーとリポジトリーとユーザーとサーバー",
    };
    expect(termOffences(fine, rules)).toEqual([]);
    expect(styleOffences(fine)).toEqual([]);
  });

  it("a_command_ends_at_the_first_japanese_character", () => {
    expect(termOffences({ k: "docker login のあとで pull します" }, rules)).toEqual([
      'k: uses "pull" (write "プル")',
    ]);
  });

  it("flags_each_style_rule", () => {
    const planted = {
      paren: "サインイン中（ユーザー）",
      noSpace: "ロール(プロジェクト)",
      question: "削除しますか？",
      counter: "{count} 個のタグ",
      counterTsu: "{n}つのファイル",
      trailing: "pull secret の YAML ",
      plain: "これは接続である。",
    };
    expect(styleOffences(planted)).toEqual([
      "paren: full-width parenthesis; write ( ) with a space before (",
      'noSpace: no space before "("',
      "question: full-width ? or !; write them half-width",
      "counter: counter other than 件 for a count",
      "counterTsu: counter other than 件 for a count",
      "trailing: trailing space",
      "plain: sentence not in です/ます",
    ]);
  });
});
