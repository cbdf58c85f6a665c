// Runs async work over items with at most `limit` in flight; stops starting new items once shouldStop() is true.
// `work` may answer a number: run that item again after so many milliseconds (an object's transient back-off,
// decision 0215). Due retries go before fresh items, so a retried object does not wait for the whole phase;
// the run ends when every item is done and no retry is pending. `pause`: when it is due, no new item starts; once
// none is in flight, `pause.run()` runs, then work goes on (a quiet point for administrator work, decision 0345).
export interface PoolPause {
  due(): boolean;
  run(): Promise<void>;
}

export async function runBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<number | void>,
  shouldStop: () => boolean = () => false,
  pause?: PoolPause,
): Promise<void> {
  let next = 0;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  let pausing: Promise<void> | undefined;
  const pauseWhenIdle = async (p: PoolPause): Promise<void> => {
    if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
    try {
      await p.run();
    } finally {
      pausing = undefined;
    }
  };
  const later: { item: T; at: number }[] = [];
  const takeDue = (): T | undefined => {
    const now = Date.now();
    const i = later.findIndex((r) => r.at <= now);
    return i < 0 ? undefined : later.splice(i, 1)[0].item;
  };
  const worker = async (): Promise<void> => {
    while (!shouldStop()) {
      if (pause && !pausing && pause.due()) pausing = pauseWhenIdle(pause);
      if (pausing) {
        await pausing;
        continue;
      }
      let item = takeDue();
      if (item === undefined && next < items.length) item = items[next++];
      if (item === undefined) {
        if (later.length === 0) return;
        const wait = Math.min(...later.map((r) => r.at)) - Date.now();
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, wait)));
        continue;
      }
      inFlight += 1;
      let again: number | void;
      try {
        again = await work(item);
      } finally {
        inFlight -= 1;
        if (inFlight === 0 && idle) {
          const resolve = idle;
          idle = undefined;
          resolve();
        }
      }
      if (typeof again === 'number') later.push({ item, at: Date.now() + Math.max(0, again) });
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => worker());
  await Promise.all(workers);
}
