import type { Labels } from './labels.js';

/**
 * The caller's role as the API shows it (`me.role`): the token roles of platform/caller.ts, plus
 * PUBLIC for no token. Here so that the `vocabulary` query serves its labels with every other list.
 */
export enum CallerRole {
  PUBLIC = 'PUBLIC',
  ORGANIZATION = 'ORGANIZATION',
  REGULATOR = 'REGULATOR',
  THAICERT = 'THAICERT',
  NCSA = 'NCSA',
}

export const CALLER_ROLE_LABELS: Labels<typeof CallerRole> = {
  PUBLIC: { th: 'บุคคลทั่วไป', en: 'Public (no token)' },
  ORGANIZATION: { th: 'หน่วยงานของรัฐหรือหน่วยงานโครงสร้างพื้นฐานสำคัญทางสารสนเทศ', en: 'Government agency or CII organization' },
  REGULATOR: { th: 'หน่วยงานควบคุมหรือกำกับดูแล', en: 'Regulator' },
  THAICERT: { th: 'ไทยเซิร์ต', en: 'ThaiCERT' },
  NCSA: { th: 'สำนักงานคณะกรรมการการรักษาความมั่นคงปลอดภัยไซเบอร์แห่งชาติ (สกมช.)', en: 'National Cyber Security Agency (NCSA)' },
};
