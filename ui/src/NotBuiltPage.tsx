import { EmptyState, EmptyStateBody, PageSection, Title } from "@patternfly/react-core";
import { CubesIcon } from "@patternfly/react-icons";
import type { Area } from "./App";
import { useT } from "./i18n/i18n";

/** The areas that exist in the navigation but have no screen yet. */
export type PlannedArea = Exclude<Area, "connections" | "registries" | "credentials" | "certificates">;

export function NotBuiltPage({ area }: { area: PlannedArea }) {
  const t = useT();
  return (
    <>
      <PageSection>
        <Title headingLevel="h1" data-testid="page-title">
          {t(`nav.${area}`)}
        </Title>
      </PageSection>
      <PageSection isFilled>
        <EmptyState data-testid="not-built" icon={CubesIcon} titleText={t("notBuilt.title")} headingLevel="h2">
          <EmptyStateBody>{t(`notBuilt.${area}`)}</EmptyStateBody>
        </EmptyState>
      </PageSection>
    </>
  );
}
