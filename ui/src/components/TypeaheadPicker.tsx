import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import {
  Button,
  MenuToggle,
  Select,
  SelectList,
  SelectOption,
  Spinner,
  TextInputGroup,
  TextInputGroupMain,
  TextInputGroupUtilities,
} from "@patternfly/react-core";
import { TimesIcon } from "@patternfly/react-icons";
import { useT } from "../i18n/i18n";

/** One value the app knows (a service account, a project, a registry host) and where it comes from. */
export interface PickerOption {
  value: string;
  /** A second line under the value ("Saved connection demo"). */
  description?: string;
}

export interface TypeaheadPickerProps {
  /** The text input's id, for the form group's label. */
  id: string;
  /** `data-testid` of the toggle; the text field is its `input`, each option `<testId>-option` with `data-value`. */
  testId: string;
  /** What the field holds: a picked option or what the user typed (a name the app does not know yet). */
  value: string;
  onChange: (value: string) => void;
  options: PickerOption[];
  ariaLabel: string;
  placeholder?: string;
  /** The options are still being read: the menu says so. */
  isLoading?: boolean;
  /** Shown in the menu when no option matches what was typed (the typed text is used as it is). */
  noMatch: (typed: string) => string;
  validated?: "default" | "error";
  /** Each new value opens the menu with the focus in the field (the next step after another pick). */
  openSignal?: number;
  /** Called after an option was picked from the menu (not for typing). */
  onPicked?: (value: string) => void;
}

/**
 * A text field that offers what the app knows and still takes what the user types: PatternFly's
 * typeahead select. Typing filters the menu and is the value at once, so a name the app could
 * not list (another project's account the user may not see) is never refused. Opening the
 * menu with the toggle shows every option, not only those matching the current value.
 */
export function TypeaheadPicker({
  id,
  testId,
  value,
  onChange,
  options,
  ariaLabel,
  placeholder,
  isLoading,
  noMatch,
  validated,
  openSignal,
  onPicked,
}: TypeaheadPickerProps) {
  const t = useT();
  const [isOpen, setOpen] = useState(false);
  // Filter by the field only after the user typed in it; a click on the toggle shows all.
  const [filtering, setFiltering] = useState(false);
  const [focused, setFocused] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = `${id}-listbox`;

  const shown = useMemo(() => {
    // While a new list is read, the old one is not offered: a click landing as it is replaced
    // would pick a name of the list before (another project's account).
    if (isLoading) return [];
    const needle = filtering ? value.trim().toLowerCase() : "";
    return needle ? options.filter((o) => o.value.toLowerCase().includes(needle)) : options;
  }, [options, value, filtering, isLoading]);

  // Escape with the menu open closes the menu only. The dialog around the picker listens for
  // Escape natively on the document (it would close, dropping the form), so the key is stopped
  // at the field itself, before React's own handlers would see it.
  const openRef = useRef(isOpen);
  useEffect(() => {
    openRef.current = isOpen;
  }, [isOpen]);
  useEffect(() => {
    const field = input.current;
    if (!field) return;
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key !== "Escape" || !openRef.current) return;
      event.stopPropagation();
      setOpen(false);
      setFocused(null);
    };
    field.addEventListener("keydown", onEscape);
    return () => field.removeEventListener("keydown", onEscape);
  }, []);

  useEffect(() => {
    if (!openSignal) return;
    // After the click that picked in another picker has finished: a menu opened during that
    // click would see it reach the window as a click outside, and close again.
    const timer = setTimeout(() => {
      input.current?.focus();
      setFiltering(false);
      setFocused(null);
      setOpen(true);
    }, 0);
    return () => clearTimeout(timer);
  }, [openSignal]);

  const open = (filter: boolean) => {
    setFiltering(filter);
    setFocused(null);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    setFocused(null);
  };
  const pick = (picked: string) => {
    onChange(picked);
    close();
    setFiltering(false);
    input.current?.focus();
    onPicked?.(picked);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!isOpen) open(false);
      if (!shown.length) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setFocused((f) => (f === null ? (step > 0 ? 0 : shown.length - 1) : (f + step + shown.length) % shown.length));
    } else if (event.key === "Enter" && isOpen) {
      // Enter picks the highlighted option; with none highlighted it keeps the typed text.
      event.preventDefault();
      if (focused !== null && shown[focused]) pick(shown[focused]!.value);
      else close();
    }
  };

  return (
    <Select
      id={`${id}-select`}
      isOpen={isOpen}
      selected={value}
      onSelect={(_e, v) => {
        if (typeof v === "string") pick(v);
      }}
      onOpenChange={(next) => {
        if (!next) close();
      }}
      shouldFocusFirstItemOnOpen={false}
      isScrollable
      // In a dialog the menu goes into the dialog (outside it, a modal dialog hides it from
      // screen readers); on a page, on the body as PatternFly does (no clipping by a card).
      popperProps={{ appendTo: () => (input.current?.closest('[role="dialog"]') as HTMLElement | null) ?? document.body }}
      toggle={(ref) => (
        <MenuToggle
          ref={ref}
          variant="typeahead"
          data-testid={testId}
          isExpanded={isOpen}
          isFullWidth
          status={validated === "error" ? "danger" : undefined}
          onClick={() => (isOpen ? close() : open(false))}
          aria-label={ariaLabel}
        >
          <TextInputGroup isPlain>
            <TextInputGroupMain
              inputId={id}
              innerRef={input}
              value={value}
              aria-label={ariaLabel}
              placeholder={placeholder}
              autoComplete="off"
              role="combobox"
              isExpanded={isOpen}
              aria-controls={listId}
              aria-activedescendant={focused !== null && shown[focused] ? `${id}-option-${focused}` : undefined}
              onClick={() => (isOpen ? undefined : open(false))}
              onChange={(_e, v) => {
                onChange(v);
                open(true);
              }}
              onKeyDown={onKeyDown}
            />
            {value && (
              <TextInputGroupUtilities>
                <Button
                  variant="plain"
                  aria-label={t("access.picker.clear")}
                  icon={<TimesIcon />}
                  onClick={(e) => {
                    e.stopPropagation();
                    onChange("");
                    setFiltering(false);
                    input.current?.focus();
                  }}
                />
              </TextInputGroupUtilities>
            )}
          </TextInputGroup>
        </MenuToggle>
      )}
    >
      <SelectList id={listId} aria-label={ariaLabel}>
        {shown.map((o, i) => (
          <SelectOption
            key={o.value}
            id={`${id}-option-${i}`}
            value={o.value}
            description={o.description}
            isFocused={focused === i}
            data-testid={`${testId}-option`}
            data-value={o.value}
          >
            {o.value}
          </SelectOption>
        ))}
        {isLoading && (
          <SelectOption isDisabled value="" data-testid={`${testId}-loading`}>
            <Spinner size="sm" aria-hidden /> {t("app.loading")}
          </SelectOption>
        )}
        {!isLoading && !shown.length && (
          <SelectOption isDisabled value="" data-testid={`${testId}-no-match`}>
            {noMatch(value.trim())}
          </SelectOption>
        )}
      </SelectList>
    </Select>
  );
}
