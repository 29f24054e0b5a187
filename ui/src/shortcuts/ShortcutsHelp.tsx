import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useT } from "../i18n/i18n";
import { SHORTCUT_LIST } from "./keys";
import "./shortcuts.css";

/** The `?` dialog (also in the masthead's help button): every shortcut and what it does. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const t = useT();
  return (
    <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="shortcuts-title" data-testid="shortcuts-help">
      <ModalHeader title={t("shortcuts.title")} labelId="shortcuts-title" description={t("shortcuts.intro")} />
      <ModalBody>
        <Table aria-label={t("shortcuts.tableLabel")} variant="compact" data-testid="shortcuts-table">
          <Thead>
            <Tr>
              <Th>{t("shortcuts.columnKeys")}</Th>
              <Th>{t("shortcuts.columnAction")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {SHORTCUT_LIST.map((s) => (
              <Tr key={s.what}>
                <Td dataLabel={t("shortcuts.columnKeys")} modifier="nowrap">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && (s.keys[0] === "Ctrl" ? " + " : " ")}
                      <kbd className="rc-kbd">{k}</kbd>
                    </span>
                  ))}
                </Td>
                <Td dataLabel={t("shortcuts.columnAction")}>{t(s.what)}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </ModalBody>
    </Modal>
  );
}
