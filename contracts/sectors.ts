/**
 * The CII sectors of the Cybersecurity Act 2019 §49, by code. The organizations subgraph owns the
 * sector records (names, any added by NCSA); other subgraphs validate sector codes against this,
 * and know of one NCSA added from their supervision copy, once an organization is registered in it.
 */
export const CII_SECTOR_CODES: readonly string[] = [
  'NATIONAL_SECURITY',
  'PUBLIC_SERVICES',
  'BANKING_FINANCE',
  'IT_TELECOM',
  'TRANSPORT_LOGISTICS',
  'ENERGY_UTILITIES',
  'PUBLIC_HEALTH',
  'OTHER',
];
