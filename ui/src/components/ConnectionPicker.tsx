import { FormSelect, FormSelectOption } from "@patternfly/react-core";
import type { Connection } from "../bindings/Connection";

export interface ConnectionPickerProps {
  /** The field's `id`, also its `data-testid` (the e2e tests pick connections by it). */
  id: string;
  /** The connections offered, in the order shown. */
  connections: Connection[];
  /** The chosen connection's id ("" for none, with `none`). */
  value: string;
  onChange: (id: string) => void;
  /** The field's accessible name; leave it out where a `FormGroup` labels the field. */
  label?: string;
  /**
   * Shows each connection as "name — URL". Registries are told apart by their address; a
   * page that lists only clusters or only Quay instances shows the name alone.
   */
  showUrl?: boolean;
  /** Offers "no connection" first, with this text (the value is then ""). */
  none?: string;
  className?: string;
  isDisabled?: boolean;
}

/** The one way a page lets the user choose a saved connection. */
export function ConnectionPicker({ id, connections, value, onChange, label, showUrl = true, none, className, isDisabled }: ConnectionPickerProps) {
  return (
    <FormSelect
      id={id}
      data-testid={id}
      aria-label={label}
      value={value}
      onChange={(_e, v) => onChange(v)}
      className={className}
      isDisabled={isDisabled}
    >
      {none !== undefined && <FormSelectOption value="" label={none} />}
      {connections.map((c) => (
        <FormSelectOption key={c.id} value={c.id} label={showUrl ? `${c.name} — ${c.url}` : c.name} />
      ))}
    </FormSelect>
  );
}
