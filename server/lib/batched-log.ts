import type { LogSink } from '../middleware/request-log';

/** Longest a line waits to be written. */
const FLUSH_EVERY_MS = 25;
/** Written at once past this many characters, whatever the time. */
const FLUSH_AT_CHARS = 64 * 1024;

export interface BatchedLog extends LogSink {
  /** Writes what is gathered now. */
  flush(): void;
}

/**
 * The request log on Node: lines are gathered and written together, at most every 25 ms, instead of one
 * `console.log` each. Behind a pipe or a file, stdout is written synchronously on Linux (Node's documentation, "A note
 * on process I/O"): a system call per line on the path of every answer, which under load is a measurable share of the
 * proxy's time (docs/performance.md). What is gathered is written before the process exits (`exit` runs for
 * `process.exit` and a normal end); a kill -9 loses at most the last 25 ms of lines.
 */
export function batchedLog(write: (text: string) => void = (text) => void process.stdout.write(text)): BatchedLog {
  let pending: string[] = [];
  let chars = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    chars = 0;
    write(text);
  };
  const sink = ((line: string) => {
    pending.push(line);
    chars += line.length + 1;
    if (chars >= FLUSH_AT_CHARS) flush();
    else if (timer === undefined) timer = setTimeout(flush, FLUSH_EVERY_MS).unref();
  }) as BatchedLog;
  sink.flush = flush;
  return sink;
}
