import type { ReactNode } from "react";
import { SearchInput, Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";

interface FilterToolbarProps {
  /** `data-testid` of the search field. */
  testId: string;
  /** Its label and placeholder. */
  label: MessageKey;
  filter: string;
  onFilter: (value: string) => void;
  /** The tab's action button(s), after the field. */
  children?: ReactNode;
  /** "N of M", once the rows are loaded. */
  count?: { shown: number; total: number } | null;
}

/** The row above an Access tab's table: filter as you type, the tab's action, how many shown. */
export function FilterToolbar({ testId, label, filter, onFilter, children, count }: FilterToolbarProps) {
  const t = useT();
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <SearchInput
            className="rc-filter"
            data-testid={testId}
            aria-label={t(label)}
            placeholder={t(label)}
            value={filter}
            onChange={(_e, v) => onFilter(v)}
            onClear={() => onFilter("")}
          />
        </ToolbarItem>
        {children && <ToolbarItem>{children}</ToolbarItem>}
        {count && <ToolbarItem className="rc-count">{t("access.count", count)}</ToolbarItem>}
      </ToolbarContent>
    </Toolbar>
  );
}
