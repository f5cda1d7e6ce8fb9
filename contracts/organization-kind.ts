import type { Labels } from './labels.js';

/**
 * Who must report under the Cybersecurity Act 2019. The organizations subgraph registers each
 * organization as one; the others keep it in their supervision copy and the demo data names it.
 */
export enum OrganizationKind {
  GOVERNMENT_AGENCY = 'GOVERNMENT_AGENCY',
  CII_ORGANIZATION = 'CII_ORGANIZATION',
}

export const ORGANIZATION_KIND_LABELS: Labels<typeof OrganizationKind> = {
  GOVERNMENT_AGENCY: { th: 'หน่วยงานของรัฐ', en: 'Government agency' },
  CII_ORGANIZATION: { th: 'หน่วยงานโครงสร้างพื้นฐานสำคัญทางสารสนเทศ', en: 'Critical information infrastructure organization' },
};
