import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';

import { CvssSeverity } from '../../../../contracts/advisory-vocabulary.js';
import { scoreCvss, severityOf } from './cvss.js';

describe('scoreCvss on the examples of FIRST’s specification documents', () => {
  it.each([
    // CVSS v3.1 Specification Document, Examples (section 8 of the v3.1 user guide).
    ['CVE-2013-1937 phpMyAdmin reflected XSS', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, CvssSeverity.MEDIUM],
    ['CVE-2013-0375 MySQL stored SQL injection', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4, CvssSeverity.MEDIUM],
    ['CVE-2014-3566 SSLv3 POODLE', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1, CvssSeverity.LOW],
    ['CVE-2012-1516 VMware guest to host escape', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9, CvssSeverity.CRITICAL],
    ['CVE-2012-0384 Cisco IOS command injection', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8, CvssSeverity.HIGH],
    ['CVE-2015-1098 Apple iWork denial of service', 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8, CvssSeverity.HIGH],
    ['CVE-2014-0160 OpenSSL Heartbleed', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5, CvssSeverity.HIGH],
    ['CVE-2014-6271 GNU Bash Shellshock', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, CvssSeverity.CRITICAL],
    ['CVE-2008-1447 DNS Kaminsky bug', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N', 6.8, CvssSeverity.MEDIUM],
    ['CVE-2014-2005 Sophos Disk Encryption login bypass', 'CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8, CvssSeverity.MEDIUM],
    ['CVE-2010-0467 Joomla directory traversal', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N', 5.8, CvssSeverity.MEDIUM],
    ['CVE-2011-1265 Microsoft Bluetooth stack', 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.8, CvssSeverity.HIGH],
    ['CVE-2016-5729 Lenovo BIOS privilege escalation', 'CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H', 8.2, CvssSeverity.HIGH],
    ['no impact at all', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0, CvssSeverity.NONE],
    // The v3.0 specification scores the same example alike.
    ['CVE-2013-1937 scored with CVSS v3.0', 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, CvssSeverity.MEDIUM],
    // CVSS v4.0: a network-reachable full compromise of the vulnerable system only, and of subsequent systems too.
    [
      'v4.0, vulnerable system fully compromised',
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      9.3,
      CvssSeverity.CRITICAL,
    ],
    ['v4.0, subsequent systems too', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10, CvssSeverity.CRITICAL],
    ['v4.0, no impact at all', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0, CvssSeverity.NONE],
  ])('scores %s', (_case, vector, baseScore, severity) => {
    expect(scoreCvss(vector)).toEqual({ version: vector.slice(5, 8), vector, baseScore, severity });
  });
});

describe('the vector scoreCvss keeps', () => {
  it('puts the metrics in the specification’s order', () => {
    expect(scoreCvss('CVSS:3.1/C:H/AV:N/AC:L/PR:N/UI:N/S:U/I:H/A:H').vector).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
  });

  it('drops metrics given as not defined (X) and keeps those defined', () => {
    expect(scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X').vector).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    expect(scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U')).toMatchObject({
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U',
      baseScore: 9.8, // a v3 temporal metric leaves the base score alone
    });
  });
});

describe('the qualitative rating', () => {
  it.each([
    [0, CvssSeverity.NONE],
    [0.1, CvssSeverity.LOW],
    [3.9, CvssSeverity.LOW],
    [4, CvssSeverity.MEDIUM],
    [6.9, CvssSeverity.MEDIUM],
    [7, CvssSeverity.HIGH],
    [8.9, CvssSeverity.HIGH],
    [9, CvssSeverity.CRITICAL],
    [10, CvssSeverity.CRITICAL],
  ])('rates %s as %s', (score, severity) => {
    expect(severityOf(score)).toBe(severity);
  });
});

describe('the vectors scoreCvss refuses, with BAD_USER_INPUT on cvssVector', () => {
  it.each([
    ['a CVSS v2 vector', 'CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C', /^cvssVector: must start with CVSS:3\.0\/, CVSS:3\.1\/ or CVSS:4\.0\/$/],
    ['a vector without its version', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /must start with CVSS:3\.0\//],
    ['an unknown value', 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /^cvssVector: not a valid CVSS 3\.1 vector \(.+\)$/],
    ['an unknown metric', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:Q', /not a valid CVSS 3\.1 vector/],
    [
      'a v3.1 vector missing a base metric',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H',
      /^cvssVector: every base metric of CVSS 3\.1 must be given$/,
    ],
    ['a v4.0 vector missing a base metric', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N', /every base metric of CVSS 4\.0/],
  ])('refuses %s', (_case, vector, message) => {
    let error: GraphQLError | undefined;
    try {
      scoreCvss(vector);
    } catch (thrown) {
      error = thrown as GraphQLError;
    }
    expect(error?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'cvssVector',
      invalidFields: [{ field: 'cvssVector', problems: [error?.message], codes: [expect.stringMatching(/^[A-Z_]+$/)] }],
    });
    expect(error?.message).toMatch(message);
  });
});
