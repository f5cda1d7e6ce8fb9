// BSI's @secvisogram/csaf-validator-lib ships JavaScript with JSDoc and no declarations: what test/csaf-schema.ts uses of it.
declare module '@secvisogram/csaf-validator-lib/*.js' {
  /** One problem a test found, at a JSON pointer into the document. */
  export interface Finding {
    message: string;
    instancePath: string;
  }
  export interface TestResult {
    isValid?: boolean;
    errors?: Finding[];
    warnings?: Finding[];
    infos?: Finding[];
  }
  export type DocumentTest = (doc: unknown) => TestResult | Promise<TestResult>;
  export interface ValidationResult {
    isValid: boolean;
    tests: { name: string; isValid: boolean; errors: Finding[]; warnings: Finding[]; infos: Finding[] }[];
  }
  const tests: Record<string, DocumentTest>;
  export = tests;
}
declare module '@secvisogram/csaf-validator-lib/validateStrict.js' {
  import type { DocumentTest, ValidationResult } from '@secvisogram/csaf-validator-lib/schemaTests.js';
  /** Runs the library's own tests (and only those) on the document. */
  export default function validateStrict(tests: DocumentTest[], document: unknown): Promise<ValidationResult>;
}
