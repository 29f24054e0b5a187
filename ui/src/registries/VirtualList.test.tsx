import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { VirtualList, visibleRange } from "./VirtualList";

const ROWS = 10_000;

function renderList() {
  render(
    <VirtualList
      count={ROWS}
      rowHeight={32}
      height={320}
      overscan={5}
      data-testid="list"
      renderRow={(i, style) => (
        <div key={i} style={style} data-testid="row" data-index={i}>
          row {i}
        </div>
      )}
    />,
  );
  return screen.getByTestId("list");
}

const indexes = () => screen.getAllByTestId("row").map((r) => Number(r.getAttribute("data-index")));

describe("VirtualList", () => {
  it("renders_only_the_visible_window_of_ten_thousand_rows", () => {
    const list = renderList();
    const drawn = indexes();
    // 320 px of 32 px rows is 10 rows, plus one partial row and the overscan below.
    expect(drawn.length).toBeLessThanOrEqual(20);
    expect(drawn[0]).toBe(0);
    expect(drawn).toContain(9);
    expect(drawn).not.toContain(100);
    // The spacer keeps the scrollbar the size of the whole list.
    expect((list.firstElementChild as HTMLElement).style.height).toBe(`${ROWS * 32}px`);
  });

  it("scrolling_replaces_the_rows_with_those_now_in_view", () => {
    const list = renderList();
    list.scrollTop = 5000 * 32;
    fireEvent.scroll(list);
    const drawn = indexes();
    expect(drawn.length).toBeLessThanOrEqual(22);
    expect(drawn).toContain(5000);
    expect(drawn).toContain(5009);
    expect(drawn).not.toContain(0);
    const row5000 = screen.getAllByTestId("row").find((r) => r.getAttribute("data-index") === "5000");
    expect(row5000?.style.top).toBe(`${5000 * 32}px`);

    list.scrollTop = ROWS * 32;
    fireEvent.scroll(list);
    expect(indexes()).toContain(ROWS - 1);
    expect(Math.max(...indexes())).toBe(ROWS - 1);
  });

  it("visible_range_clamps_at_both_ends", () => {
    expect(visibleRange(0, 32, 320, 0, 5)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(3, 32, 320, 0, 5)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(100, 32, 320, 32 * 50, 2)).toEqual({ start: 48, end: 63 });
  });
});
