// A moment when the runner has nothing in flight and everything it provisioned is committed: between passes, while
// it waits, and inside a pass between batches. Work handed to the runner (administrator commands, decision 0345)
// is carried out there, so it never races with an object planned from what the store held before.
export interface QuietPoint {
  /** Cheap enough to ask before every object: is there work waiting for a quiet moment? */
  due(): boolean;
  /** Carries it out; never throws (its outcome goes to whoever handed it over). */
  serve(): Promise<void>;
}
