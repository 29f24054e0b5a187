import { Children, type InputHTMLAttributes, type ReactNode } from "react";
import { SearchInput, Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core";

interface FilterToolbarProps {
  /** `data-testid` of the search field's wrapper (the Access and Quay tabs' tests use it). */
  testId?: string;
  /** `data-testid` of the text box itself (the Registries and Connections tests type into it). */
  inputTestId?: string;
  /** The field's label, already in the UI's language; also its placeholder unless one is given. */
  label: string;
  placeholder?: string;
  filter: string;
  onFilter: (value: string) => void;
  /** The list's action buttons, after the field (each child in its own toolbar item). */
  children?: ReactNode;
  /** "N of M", once the rows are loaded. */
  count?: string | null;
  countTestId?: string;
}

interface FilterInputProps {
  /** `data-testid` of the search field's wrapper. */
  testId?: string;
  /** `data-testid` of the text box itself. */
  inputTestId?: string;
  /** The field's label, already in the UI's language; also its placeholder unless one is given. */
  label: string;
  placeholder?: string;
  filter: string;
  onFilter: (value: string) => void;
  className?: string;
}

/**
 * The app's one filter field (filter as you type, × clears): in a `FilterToolbar`, or alone in
 * a bar that also holds pickers (Quay, Access, Activity).
 */
export function FilterInput({ testId, inputTestId, label, placeholder, filter, onFilter, className }: FilterInputProps) {
  return (
    <SearchInput
      className={className}
      data-testid={testId}
      aria-label={label}
      placeholder={placeholder ?? label}
      value={filter}
      onChange={(_e, v) => onFilter(v)}
      onClear={() => onFilter("")}
      inputProps={inputTestId ? ({ "data-testid": inputTestId } as InputHTMLAttributes<HTMLInputElement>) : undefined}
    />
  );
}

/** The row above a list: filter as you type, the list's actions, how many rows are shown. */
export function FilterToolbar({ testId, inputTestId, label, placeholder, filter, onFilter, children, count, countTestId }: FilterToolbarProps) {
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <FilterInput className="rc-filter" testId={testId} inputTestId={inputTestId} label={label} placeholder={placeholder} filter={filter} onFilter={onFilter} />
        </ToolbarItem>
        {Children.toArray(children).map((child, i) => (
          <ToolbarItem key={i}>{child}</ToolbarItem>
        ))}
        {count && (
          <ToolbarItem align={{ default: "alignEnd" }} alignSelf="center">
            <span className="rc-count" aria-live="polite" data-testid={countTestId}>
              {count}
            </span>
          </ToolbarItem>
        )}
      </ToolbarContent>
    </Toolbar>
  );
}
