import { describe, expect, it } from 'vitest';
import { jsonTextProblems, numberProblem } from './json-text';

describe('what JSON.parse accepts but would not keep as typed', () => {
  it('finds a key given twice in one object, and an empty key, at any depth; the same key in two objects is fine', () => {
    expect(jsonTextProblems('{"a":1,"a":2}')).toEqual(['The key "a" is used twice in one object; only the last value would be kept']);
    expect(jsonTextProblems('{"x":{"b":[{"c":1,"c":2}]}}')).toEqual(['The key "c" is used twice in one object; only the last value would be kept']);
    expect(jsonTextProblems('{"": 1}')).toEqual(['A key is empty: give every value a key']);
    expect(jsonTextProblems('{"a":{"k":1},"b":{"k":1},"s":"a,\\"a\\":{}","t":["a","a"]}')).toEqual([]);
    expect(jsonTextProblems('{"\\u0061":1,"a":2}')).toHaveLength(1);
  });

  it('finds numbers a double cannot keep: past 2^53, too many digits, too small', () => {
    expect(jsonTextProblems('{"n": 12345678901234567890}')).toEqual([
      '12345678901234567890 cannot be kept exactly (it would be saved as 12345678901234567000); write it as a string',
    ]);
    expect(jsonTextProblems('{"t": 1e-400}')).toEqual(['1e-400 is too small to keep (it would be saved as 0); write it as a string']);
    expect(numberProblem('0.12345678901234567890')).toMatch(/cannot be kept exactly/);
    for (const fine of ['0', '-0', '0.0', '1.5', '1e308', '-1e-300', '9007199254740991', '1.50', '100', '2e10', '0.1', '123.456e-7']) {
      expect(numberProblem(fine), fine).toBeNull();
    }
    expect(jsonTextProblems('{"a":[1,2.5,-3e2],"b":"12345678901234567890"}')).toEqual([]);
  });
});
