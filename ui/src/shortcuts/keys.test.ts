import { describe, expect, it } from "vitest";
import { isComposing, shortcutFor, type KeyPress } from "./keys";

const body = () => document.body;
const field = () => {
  const input = document.createElement("input");
  input.type = "text";
  return input;
};
const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: body(),
  ...more,
});

describe("shortcutFor", () => {
  it("ctrl_k_ctrl_f_and_f5_work_anywhere_even_while_typing_in_a_field", () => {
    expect(shortcutFor(press("k", { ctrlKey: true }))).toBe("quickSwitcher");
    expect(shortcutFor(press("k", { ctrlKey: true, target: field() }))).toBe("quickSwitcher");
    expect(shortcutFor(press("f", { ctrlKey: true, target: field() }))).toBe("focusFilter");
    expect(shortcutFor(press("F5", { target: field() }))).toBe("reload");
    expect(shortcutFor(press("K", { ctrlKey: true, shiftKey: true }))).toBe("quickSwitcher");
  });

  it("question_mark_opens_the_list_but_not_while_typing_in_a_field", () => {
    expect(shortcutFor(press("?"))).toBe("help");
    expect(shortcutFor(press("?", { target: field() }))).toBeNull();
    const area = document.createElement("textarea");
    expect(shortcutFor(press("?", { target: area }))).toBeNull();
    const select = document.createElement("select");
    expect(shortcutFor(press("?", { target: select }))).toBeNull();
    // A checkbox takes no text: `?` there is a shortcut.
    const box = document.createElement("input");
    box.type = "checkbox";
    expect(shortcutFor(press("?", { target: box }))).toBe("help");
  });

  it("nothing_fires_while_an_input_method_composes", () => {
    // Japanese input: the browser flags the event, or (WebKit) reports keyCode 229.
    for (const composing of [{ isComposing: true }, { keyCode: 229 }]) {
      expect(isComposing(composing)).toBe(true);
      expect(shortcutFor(press("?", composing))).toBeNull();
      expect(shortcutFor(press("k", { ctrlKey: true, ...composing }))).toBeNull();
      expect(shortcutFor(press("f", { ctrlKey: true, ...composing }))).toBeNull();
      expect(shortcutFor(press("F5", composing))).toBeNull();
    }
  });

  it("plain_letters_and_other_modifiers_are_no_shortcut", () => {
    expect(shortcutFor(press("k"))).toBeNull();
    expect(shortcutFor(press("f"))).toBeNull();
    expect(shortcutFor(press("k", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(press("?", { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press("F5", { ctrlKey: true }))).toBeNull();
  });
});
