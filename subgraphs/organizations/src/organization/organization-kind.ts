import { registerLabelledEnum } from '../../../shared/labelled-enum.js';

export enum OrganizationKind {
  GOVERNMENT_AGENCY = 'GOVERNMENT_AGENCY',
  CII_ORGANIZATION = 'CII_ORGANIZATION',
}

export const ORGANIZATION_KIND_LABELS = registerLabelledEnum(OrganizationKind, 'OrganizationKind', 'Who must report under the Cybersecurity Act 2019.', {
  GOVERNMENT_AGENCY: { th: 'หน่วยงานของรัฐ', en: 'Government agency' },
  CII_ORGANIZATION: { th: 'หน่วยงานโครงสร้างพื้นฐานสำคัญทางสารสนเทศ', en: 'Critical information infrastructure organization' },
});
