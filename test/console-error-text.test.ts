import { describe, expect, it } from 'vitest';

import { ERROR_TEXT, PROBLEM_TEXT } from '../console/src/api/error-text.js';
import { ErrorCode, ProblemCode } from '../platform/errors.js';

/** The console says every code the API can send in both its languages: a new code fails here until it is translated. */
describe('the console’s words for error and problem codes', () => {
  const errorCodes = Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR);
  it.each(['th', 'en'] as const)('cover every error code and every problem code in %s', (language) => {
    for (const code of errorCodes) expect(ERROR_TEXT[language][code], code).toBeTruthy();
    for (const code of Object.values(ProblemCode)) expect(PROBLEM_TEXT[language][code], code).toBeTruthy();
  });
  it('say the same codes in both languages', () => {
    expect(Object.keys(ERROR_TEXT.th).sort()).toEqual(Object.keys(ERROR_TEXT.en).sort());
    expect(Object.keys(PROBLEM_TEXT.th).sort()).toEqual(Object.keys(PROBLEM_TEXT.en).sort());
  });
});
