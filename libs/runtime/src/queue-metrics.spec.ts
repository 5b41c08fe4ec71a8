import { mergeExpositions } from './queue-metrics';

/** Two queues' expositions as BullMQ's Queue.exportPrometheusMetrics writes them. */
const exposition = (queue: string, waiting: number) =>
  [
    '# HELP bullmq_job_count Number of jobs in the queue by state',
    '# TYPE bullmq_job_count gauge',
    `bullmq_job_count{queue="${queue}", state="waiting"} ${waiting}`,
    `bullmq_job_count{queue="${queue}", state="active"} 0`,
    '# HELP bullmq_job_completed_total Total number of completed jobs',
    '# TYPE bullmq_job_completed_total counter',
    `bullmq_job_completed_total{queue="${queue}"} 7`,
  ].join('\n');

describe('mergeExpositions', () => {
  it('states each family once, with the samples of every queue under it', () => {
    expect(mergeExpositions([exposition('notifier', 3), exposition('webhook-deliveries', 5)]).split('\n')).toEqual([
      '# HELP bullmq_job_count Number of jobs in the queue by state',
      '# TYPE bullmq_job_count gauge',
      'bullmq_job_count{queue="notifier", state="waiting"} 3',
      'bullmq_job_count{queue="notifier", state="active"} 0',
      'bullmq_job_count{queue="webhook-deliveries", state="waiting"} 5',
      'bullmq_job_count{queue="webhook-deliveries", state="active"} 0',
      '# HELP bullmq_job_completed_total Total number of completed jobs',
      '# TYPE bullmq_job_completed_total counter',
      'bullmq_job_completed_total{queue="notifier"} 7',
      'bullmq_job_completed_total{queue="webhook-deliveries"} 7',
      '',
    ]);
  });

  it('leaves a single exposition as it was, ending in a newline', () => {
    expect(mergeExpositions([exposition('billing', 1)])).toBe(`${exposition('billing', 1)}\n`);
  });
});
