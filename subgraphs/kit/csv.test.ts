import { describe, expect, it } from 'vitest';

import { bilingualHeader, csvDocument } from './csv.js';

describe('a CSV export a person can open', () => {
  const text = csvDocument([
    [bilingualHeader('หน่วยงาน', 'Agency'), bilingualHeader('จำนวน', 'Count')],
    ['ธนาคารแห่งประเทศไทย', 3],
  ]);

  it('starts with the UTF-8 byte-order mark and then the header, with no comment line', () => {
    const bytes = Buffer.from(text, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1).split('\r\n')[0]).toBe('หน่วยงาน / Agency,จำนวน / Count');
  });

  it('ends every record, the last one too, with CRLF', () => {
    expect(text).toBe('\uFEFFหน่วยงาน / Agency,จำนวน / Count\r\nธนาคารแห่งประเทศไทย,3\r\n');
  });

  it('quotes a field holding a comma, a quote, a line feed or a carriage return, doubling its quotes, and no other', () => {
    expect(csvDocument([['a,b', 'say "hi"', 'two\nlines', 'cr\rhere', 'plain']])).toBe(
      '\uFEFF"a,b","say ""hi""","two\nlines","cr\rhere",plain\r\n',
    );
  });

  it('keeps text that a spreadsheet would run as a formula as text', () => {
    expect(csvDocument([['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', 'a=b']])).toBe(
      `\uFEFF"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1),a=b\r\n`,
    );
  });

  it('writes counts as numbers, negative ones too', () => {
    expect(csvDocument([[0, -1, 12]])).toBe('\uFEFF0,-1,12\r\n');
  });
});
