import { screen, within } from "@testing-library/react";
import type userEvent from "@testing-library/user-event";

/** Chooses an item of a tag row's actions menu (the kebab): Details, Copy pull spec, Delete. */
export async function tagAction(
  user: ReturnType<typeof userEvent.setup>,
  tag: string,
  action: "tag-details" | "tag-copy-pull" | "tag-delete",
): Promise<void> {
  const row = screen.getAllByTestId("tag-row").find((r) => r.getAttribute("data-tag") === tag);
  if (!row) throw new Error(`no tag row ${tag}`);
  await user.click(within(row).getByTestId("tag-actions"));
  // The test id is on the menu's list item; the item itself is the menuitem inside it.
  await user.click(within(await screen.findByTestId(action)).getByRole("menuitem"));
}
