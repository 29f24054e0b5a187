import { useMemo, useRef, useState, type KeyboardEvent } from "react";
import {
  Badge,
  EmptyState,
  EmptyStateBody,
  ToggleGroup,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { FilterInput } from "../components/FilterToolbar";
import { AngleDownIcon, AngleRightIcon, FolderIcon, FolderOpenIcon, SearchIcon } from "@patternfly/react-icons";
import { useT } from "../i18n/i18n";
import { NameIndex, buildTree, flattenTree } from "./repositoryTree";
import { VirtualList } from "./VirtualList";
import { isComposing } from "../shortcuts/keys";
import { moveRowFocus } from "../shortcuts/lists";

export const REPOSITORY_ROW_HEIGHT = 36;

export type RepositoryView = "flat" | "tree";

export interface RepositoryListProps {
  names: readonly string[];
  selected: string | null;
  onSelect: (name: string) => void;
  /** The list viewport's height in pixels. */
  height: number;
}

/** The catalog as a filterable, virtualized flat list or tree of path segments. */
export function RepositoryList({ names, selected, onSelect, height }: RepositoryListProps) {
  const t = useT();
  const [filter, setFilter] = useState("");
  const [view, setView] = useState<RepositoryView>("flat");
  const [toggled, setToggled] = useState<ReadonlySet<string>>(() => new Set());
  const panel = useRef<HTMLDivElement>(null);

  // ↑/↓ move through the rows (↓ from the filter enters the list); Enter is the row's click.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (isComposing(event.nativeEvent) || event.altKey || event.ctrlKey || event.metaKey) return;
    const root = panel.current;
    if (!root) return;
    const rows = [...root.querySelectorAll<HTMLElement>(".rc-repo-row")].sort(
      (a, b) => Number(a.dataset.index) - Number(b.dataset.index),
    );
    if (moveRowFocus(event.key, event.target as Element, rows, root.querySelector("[data-testid=repository-filter]"))) {
      event.preventDefault();
    }
  };

  // The list follows the field in the same render: filtering 10,000 names costs well under a
  // millisecond (NameIndex), so deferring it only showed each keystroke's rows a frame later.
  const index = useMemo(() => new NameIndex(names), [names]);
  const shown = useMemo(() => index.filter(filter), [index, filter]);
  const filtering = filter.trim() !== "";
  const tree = useMemo(() => (view === "tree" ? buildTree(shown) : null), [view, shown]);
  // While filtering every group opens, so the matches are in view without clicking.
  const treeRows = useMemo(() => (tree ? flattenTree(tree, toggled, filtering) : []), [tree, toggled, filtering]);

  const toggle = (path: string) =>
    setToggled((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  // Rows are keyed by their place in the list, not by name: when a keystroke changes which
  // names are in view, the same ~35 buttons get new text instead of being destroyed and
  // created again, which in WebKit cost more than the whole rest of the keystroke.
  const repositoryRow = (slot: number, name: string, label: string, depth: number, style: React.CSSProperties) => (
    <button
      key={slot}
      type="button"
      style={{ ...style, paddingInlineStart: `calc(${depth} * 1.25rem + 0.75rem + ${view === "tree" ? "1.25rem" : "0rem"})` }}
      className={`rc-repo-row${name === selected ? " rc-repo-row--selected" : ""}`}
      role={view === "tree" ? "treeitem" : "option"}
      aria-selected={name === selected}
      aria-level={view === "tree" ? depth + 1 : undefined}
      data-testid="repository-row"
      data-name={name}
      data-index={slot}
      title={name}
      onClick={() => onSelect(name)}
    >
      <span className="rc-repo-name">{label}</span>
    </button>
  );

  return (
    <div className="rc-repo-panel" ref={panel} onKeyDown={onKeyDown}>
      <Toolbar className="rc-repo-toolbar">
        <ToolbarContent>
          <ToolbarItem className="rc-grow">
            <FilterInput inputTestId="repository-filter" label={t("repositories.filterLabel")} placeholder={t("repositories.filterPlaceholder")} filter={filter} onFilter={setFilter} />
          </ToolbarItem>
          <ToolbarItem>
            {/* ToggleGroupItem puts extra props on its wrapper; the test id belongs on the button. */}
            <ToggleGroup isCompact aria-label={t("repositories.viewLabel")}>
              {(["flat", "tree"] as const).map((v) => (
                <div key={v} className="pf-v6-c-toggle-group__item">
                  <button
                    type="button"
                    className={`pf-v6-c-toggle-group__button${view === v ? " pf-m-selected" : ""}`}
                    aria-pressed={view === v}
                    data-testid={`repository-view-${v}`}
                    onClick={() => setView(v)}
                  >
                    <span className="pf-v6-c-toggle-group__text">
                      {t(v === "flat" ? "repositories.viewFlat" : "repositories.viewTree")}
                    </span>
                  </button>
                </div>
              ))}
            </ToggleGroup>
          </ToolbarItem>
          <ToolbarItem>
            <span className="rc-count" aria-live="polite" data-testid="repository-shown-count">
              {t("repositories.shown", { shown: shown.length, total: names.length })}
            </span>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>

      {shown.length === 0 && names.length > 0 ? (
        <EmptyState variant="xs" icon={SearchIcon} titleText={t("repositories.noMatchTitle")} headingLevel="h3">
          <EmptyStateBody>{t("repositories.noMatchBody")}</EmptyStateBody>
        </EmptyState>
      ) : view === "flat" ? (
        <VirtualList
          count={shown.length}
          rowHeight={REPOSITORY_ROW_HEIGHT}
          height={height}
          role="listbox"
          overscan={3}
          aria-label={t("repositories.listLabel")}
          data-testid="repository-list"
          className="rc-repo-list"
          renderRow={(i, style) => {
            const name = shown[i] as string;
            return repositoryRow(i, name, name, 0, style);
          }}
        />
      ) : (
        <VirtualList
          count={treeRows.length}
          rowHeight={REPOSITORY_ROW_HEIGHT}
          height={height}
          role="tree"
          aria-label={t("repositories.listLabel")}
          data-testid="repository-tree"
          className="rc-repo-list"
          renderRow={(i, style) => {
            const row = treeRows[i];
            if (!row) return null;
            if (row.type === "repository") return repositoryRow(i, row.name, row.label, row.depth, style);
            return (
              <button
                key={i}
                type="button"
                style={{ ...style, paddingInlineStart: `calc(${row.depth} * 1.25rem + 0.5rem)` }}
                className="rc-repo-row rc-repo-group"
                role="treeitem"
                aria-level={row.depth + 1}
                aria-expanded={row.expanded}
                data-testid="repository-group"
                data-index={i}
                data-path={row.path}
                data-count={row.count}
                title={row.path}
                onClick={() => toggle(row.path)}
              >
                <span className="rc-repo-caret">{row.expanded ? <AngleDownIcon /> : <AngleRightIcon />}</span>
                <span className="rc-repo-folder">{row.expanded ? <FolderOpenIcon /> : <FolderIcon />}</span>
                <span className="rc-repo-name">{row.label}</span>
                <Badge isRead className="rc-repo-count">
                  {row.count}
                </Badge>
              </button>
            );
          }}
        />
      )}
    </div>
  );
}
