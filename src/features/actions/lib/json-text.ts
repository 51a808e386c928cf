/**
 * What `JSON.parse` accepts but would not keep as typed, in metadata the person wrote by hand (the editor's JSON tab,
 * and a number row): a key given twice in one object (the last one wins), an empty key (the rows refuse one too), an
 * integer past 2^53 or a number with more digits than a double holds (12345678901234567890 is saved as
 * 12345678901234567000), and a non-zero number too small to keep (1e-400 is saved as 0). Shown before saving, as
 * the other problems are, so nothing is changed without a word.
 */

/** Why the number `token` (JSON's number syntax) would not be saved as typed, or `null`. */
export function numberProblem(token: string): string | null {
  const value = Number(token);
  const [mantissa = ''] = token.toLowerCase().split('e');
  const digits = mantissa.replace(/[-+.]/g, '').replace(/^0+/, '');
  const significant = digits.replace(/0+$/, '');
  if (value === 0 && significant !== '') {
    return `${token} is too small to keep (it would be saved as 0); write it as a string`;
  }
  const integer = !/[.e]/i.test(token);
  if ((integer && !Number.isSafeInteger(value)) || significant.length > 17) {
    const saved = JSON.stringify(value);
    if (saved !== token) return `${token} cannot be kept exactly (it would be saved as ${saved}); write it as a string`;
  }
  return null;
}

/** Every such problem in `text`, which `JSON.parse` has accepted; the first few, each once. */
export function jsonTextProblems(text: string, max = 5): string[] {
  const problems = new Set<string>();
  const objects: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length && problems.size < max; i += 1) {
    const c = text[i]!;
    if (c === '{') {
      objects.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      objects.push(null);
      expectKey = false;
    } else if (c === '}' || c === ']') {
      objects.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = objects.at(-1) instanceof Set;
    } else if (c === ':') {
      expectKey = false;
    } else if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = objects.at(-1);
      if (expectKey && keys instanceof Set) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (key === '') problems.add('A key is empty: give every value a key');
        else if (keys.has(key)) problems.add(`The key "${key}" is used twice in one object; only the last value would be kept`);
        keys.add(key);
      }
      i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let end = i + 1;
      while (end < text.length && /[0-9eE.+-]/.test(text[end]!)) end += 1;
      const problem = numberProblem(text.slice(i, end));
      if (problem) problems.add(problem);
      i = end - 1;
    }
  }
  return [...problems];
}
