import { screen, waitFor, within } from "@testing-library/react";
import type userEvent from "@testing-library/user-event";

type User = ReturnType<typeof userEvent.setup>;

/** The text field of the typeahead picker `testId` (see `TypeaheadPicker`). */
export function pickerInput(testId: string, scope: HTMLElement = document.body): HTMLInputElement {
  const input = within(scope).getByTestId(testId).querySelector("input");
  if (!input) throw new Error(`no text field in picker ${testId}`);
  return input;
}

/** The options the open picker `testId` offers, by value. */
export function pickerOptions(testId: string): string[] {
  return screen.queryAllByTestId(`${testId}-option`).map((o) => o.getAttribute("data-value") ?? "");
}

/** Opens the picker `testId` with a click in its field and clicks the option `value`, as a user does. */
export async function pick(user: User, testId: string, value: string, scope: HTMLElement = document.body) {
  await user.click(pickerInput(testId, scope));
  await pickOpen(user, testId, value);
}

/** Clicks the option `value` of the already open picker `testId` (the options may still be loading). */
export async function pickOpen(user: User, testId: string, value: string) {
  const option = await waitFor(() => {
    const found = screen.queryAllByTestId(`${testId}-option`).find((o) => o.getAttribute("data-value") === value);
    if (!found) throw new Error(`option ${value} not offered by ${testId}: ${pickerOptions(testId).join(", ")}`);
    return found;
  });
  await user.click(option.querySelector("button") ?? option);
}
