import { registerLabelledEnum } from '../../../kit/labelled-enum.js';

/** What checking a submission's OpenPGP signature found. */
export enum SignatureStatus {
  UNSIGNED = 'UNSIGNED',
  VERIFIED = 'VERIFIED',
  UNKNOWN_KEY = 'UNKNOWN_KEY',
  INVALID = 'INVALID',
}
registerLabelledEnum(SignatureStatus, 'SignatureStatus', 'What checking a submission’s OpenPGP signature found.', {
  UNSIGNED: { th: 'ไม่มีลายมือชื่อดิจิทัล', en: 'Not signed' },
  VERIFIED: { th: 'ลายมือชื่อถูกต้อง ตรงกับกุญแจของผู้ประสานงานที่ลงทะเบียนไว้', en: 'Verified with a registered point of contact’s key' },
  UNKNOWN_KEY: { th: 'ลงนามด้วยกุญแจที่ไม่ได้ลงทะเบียนไว้กับหน่วยงานนี้', en: 'Signed with a key not registered for this organization' },
  INVALID: { th: 'ลายมือชื่อไม่ถูกต้อง (เนื้อหาไม่ตรงหรือกุญแจใช้ไม่ได้)', en: 'Invalid: the content does not match, or the key was not valid' },
});
