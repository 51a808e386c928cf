import { describe, expect, it } from 'vitest';
import { cancel, createJob, nextIndices, pause, record, resume, summarize, undoJob } from './bulk-job';
import { jobReportCsv } from './job-report';

const ids = ['a', 'b', 'c', 'd'];

describe('bulk job state', () => {
  it('hands out pending images in order, skipping busy ones', () => {
    const job = createJob('j', { kind: 'delete' }, ids, 0);
    expect(nextIndices(job, new Set(), 2)).toEqual([0, 1]);
    expect(nextIndices(job, new Set([0, 1]), 5)).toEqual([2, 3]);
  });

  it('records each outcome once and finishes when none is pending', () => {
    let job = createJob('j', { kind: 'delete' }, ids, 0);
    job = record(job, 1, { outcome: 'failed', error: 'boom' });
    job = record(job, 1, { outcome: 'done' });
    expect(job.marks).toBe('.f..');
    expect(job.errors).toEqual({ 1: 'boom' });
    for (const i of [0, 2, 3]) job = record(job, i, { outcome: i === 3 ? 'skipped' : 'done' });
    expect(job.status).toBe('finished');
    expect(summarize(job, 10)).toMatchObject({ total: 4, done: 2, failed: 1, skipped: 1, remaining: 0 });
  });

  it('gives nothing to do while paused or cancelled, and resumes only pending images', () => {
    let job = record(createJob('j', { kind: 'delete' }, ids, 0), 0, { outcome: 'done' });
    job = pause(job);
    expect(nextIndices(job, new Set(), 4)).toEqual([]);
    job = resume(job, 100);
    expect(nextIndices(job, new Set(), 4)).toEqual([1, 2, 3]);
    expect(nextIndices(cancel(job), new Set(), 4)).toEqual([]);
    expect(resume(cancel(job), 0).status).toBe('cancelled');
  });

  it('measures the rate over the current running stretch', () => {
    let job = createJob('j', { kind: 'delete' }, ids, 1000);
    job = record(record(job, 0, { outcome: 'done' }), 1, { outcome: 'done' });
    const summary = summarize(job, 2000);
    expect(summary.rate).toBe(2);
    expect(summary.secondsLeft).toBe(1);
    expect(summarize(pause(job), 5000).rate).toBeNull();
  });

  it('undo restores the previous metadata of changed images only, under their new ids', () => {
    let job = createJob('j', { kind: 'set-key', key: 'k', value: 1 }, ids, 0);
    job = record(job, 0, { outcome: 'done', previous: { k: 0 } });
    job = record(job, 1, { outcome: 'done', previous: {}, newId: 'b2' });
    job = record(job, 2, { outcome: 'skipped', error: 'too large' });
    const undo = undoJob(job, 'u', 5);
    expect(undo.targets).toEqual(['a', 'b2']);
    expect(undo.action).toEqual({ kind: 'restore', metadata: { a: { k: 0 }, b2: {} } });
  });

  it('reports every image as CSV with its result and error', () => {
    let job = createJob('j', { kind: 'set-key', key: 'tag', value: 'x' }, ['a', '=b'], 0);
    job = record(job, 0, { outcome: 'failed', error: 'No image with id "a"' });
    expect(jobReportCsv(job)).toBe(
      'id,action,result,error\r\na,set metadata tag,failed,"No image with id ""a"""\r\n\'=b,set metadata tag,pending,\r\n',
    );
  });
});
