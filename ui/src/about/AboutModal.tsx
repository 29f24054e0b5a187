import { useMemo, useState } from "react";
import {
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Modal,
  ModalBody,
  ModalHeader,
  SearchInput,
  Tab,
  Tabs,
  TabTitleText,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import type { AppInfo } from "../bindings/AppInfo";
import { useT } from "../i18n/i18n";
import { RUST_CRATES, UI_PACKAGES, type ThirdParty } from "./thirdParty";

export interface AboutModalProps {
  info: AppInfo;
  onClose: () => void;
}

/** The app's version, its web engine's, its licence and every third-party package it is built from. */
export function AboutModal({ info, onClose }: AboutModalProps) {
  const t = useT();
  const [tab, setTab] = useState<"rust" | "ui">("rust");
  const [filter, setFilter] = useState("");
  return (
    <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="about-title" data-testid="about-modal">
      <ModalHeader title={t("about.title")} labelId="about-title" />
      <ModalBody>
        <DescriptionList isHorizontal isCompact className="pf-v6-u-mb-lg">
          <DescriptionListGroup>
            <DescriptionListTerm>{t("about.version")}</DescriptionListTerm>
            <DescriptionListDescription data-testid="about-version">{info.version}</DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>{t("about.webview")}</DescriptionListTerm>
            <DescriptionListDescription data-testid="about-webview">{info.webviewVersion}</DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>{t("about.license")}</DescriptionListTerm>
            <DescriptionListDescription>Apache-2.0</DescriptionListDescription>
          </DescriptionListGroup>
        </DescriptionList>
        <Content component="p">
          {t("about.thirdParty", { rust: RUST_CRATES.length, ui: UI_PACKAGES.length })}
        </Content>
        <SearchInput
          aria-label={t("about.filter")}
          placeholder={t("about.filter")}
          value={filter}
          onChange={(_e, value) => setFilter(value)}
          onClear={() => setFilter("")}
          data-testid="about-filter"
          className="pf-v6-u-my-sm"
        />
        <Tabs activeKey={tab} onSelect={(_e, key) => setTab(key as "rust" | "ui")} aria-label={t("about.thirdPartyTabs")}>
          <Tab eventKey="rust" title={<TabTitleText>{t("about.rust")}</TabTitleText>} data-testid="about-tab-rust">
            <PackageTable packages={RUST_CRATES} filter={filter} testId="about-rust" />
          </Tab>
          <Tab eventKey="ui" title={<TabTitleText>{t("about.ui")}</TabTitleText>} data-testid="about-tab-ui">
            <PackageTable packages={UI_PACKAGES} filter={filter} testId="about-ui" />
          </Tab>
        </Tabs>
      </ModalBody>
    </Modal>
  );
}

function PackageTable({ packages, filter, testId }: { packages: ThirdParty[]; filter: string; testId: string }) {
  const t = useT();
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle
      ? packages.filter((p) => p.name.toLowerCase().includes(needle) || p.license.toLowerCase().includes(needle))
      : packages;
  }, [packages, filter]);
  return (
    <div className="rc-about-packages">
      <Table variant="compact" isStickyHeader aria-label={t("about.thirdPartyTabs")} data-testid={testId}>
        <Thead>
          <Tr>
            <Th>{t("about.package")}</Th>
            <Th>{t("about.packageVersion")}</Th>
            <Th>{t("about.license")}</Th>
            <Th>{t("about.repository")}</Th>
          </Tr>
        </Thead>
        <Tbody>
          {shown.map((p) => (
            <Tr key={`${p.name}@${p.version}`} data-testid="about-package" data-name={p.name}>
              <Td dataLabel={t("about.package")}>{p.name}</Td>
              <Td dataLabel={t("about.packageVersion")}>{p.version}</Td>
              <Td dataLabel={t("about.license")}>{p.license}</Td>
              <Td dataLabel={t("about.repository")} modifier="breakWord">
                {p.repository}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </div>
  );
}
