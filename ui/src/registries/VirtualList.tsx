import { useState, type CSSProperties, type ReactNode, type UIEvent } from "react";

export interface VirtualListProps {
  /** How many rows the list has. */
  count: number;
  /** Every row's height in pixels (fixed, so positions are arithmetic, not measured). */
  rowHeight: number;
  /** The viewport's height in pixels. */
  height: number;
  /** Rows drawn beyond each edge of the viewport, so fast scrolling shows no blank band. */
  overscan?: number;
  /** Draws row `index`; the row must apply `style` (its absolute position). */
  renderRow: (index: number, style: CSSProperties) => ReactNode;
  /** Props for the scrolling element (role, aria-label, test id, class). */
  role?: string;
  "aria-label"?: string;
  "data-testid"?: string;
  className?: string;
}

/** The indexes to draw for a scroll position: the visible window plus `overscan` each side. */
export function visibleRange(
  count: number,
  rowHeight: number,
  height: number,
  scrollTop: number,
  overscan: number,
): { start: number; end: number } {
  if (count === 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(height / rowHeight) + 1;
  const start = Math.max(0, Math.min(first, count - 1) - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end };
}

/**
 * A list that puts only the rows in view into the DOM: 10,000 repositories cost the same
 * to draw as 20. Rows are absolutely placed inside a spacer as tall as the whole list.
 */
export function VirtualList({
  count,
  rowHeight,
  height,
  overscan = 6,
  renderRow,
  role,
  className,
  ...rest
}: VirtualListProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const { start, end } = visibleRange(count, rowHeight, height, scrollTop, overscan);
  const onScroll = (event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop);

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      renderRow(i, { position: "absolute", top: i * rowHeight, left: 0, right: 0, height: rowHeight }),
    );
  }

  return (
    <div
      className={["rc-virtual-list", className].filter(Boolean).join(" ")}
      style={{ height, overflowY: "auto", position: "relative" }}
      onScroll={onScroll}
      role={role}
      aria-label={rest["aria-label"]}
      data-testid={rest["data-testid"]}
      tabIndex={-1}
    >
      <div style={{ height: count * rowHeight, position: "relative" }}>{rows}</div>
    </div>
  );
}
