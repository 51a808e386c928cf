/**
 * Code and docs cite the project's own documents only: every `<name>.md` named in a tracked file is a file of this
 * repository (a citation of a document that is not shipped sends a reader nowhere).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';

const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const documents = new Set(tracked.filter((file) => file.endsWith('.md')).map((file) => basename(file)));
const TEXT = /\.(ts|tsx|js|mjs|cjs|md|json|jsonc|html|css|yml|yaml)$/;

describe('document citations', () => {
  it('every .md a file names is in the repository', () => {
    const dangling: string[] = [];
    for (const file of tracked.filter((f) => TEXT.test(f) && f !== 'package-lock.json')) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // listed but deleted in the working tree
      }
      for (const match of text.matchAll(/\b([A-Za-z][\w-]*\.md)\b/g)) {
        if (!documents.has(match[1]!)) dangling.push(`${file}: ${match[1]}`);
      }
    }
    expect(dangling).toEqual([]);
  });
});
