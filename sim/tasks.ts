import { assert } from '../core/assert.ts';
import type { EventQueue, Runnable } from './events.ts';

/**
 * Scenario processes as synchronous generators on the event loop (no async/await: promise
 * microtasks would be a second, hidden scheduler). A process yields a Yield and is resumed by the
 * queue: `yield* sleep(ms)`, `yield* join(task)`.
 */
export type Yield =
  | { readonly kind: 'sleep'; readonly ms: number }
  | { readonly kind: 'join'; readonly task: Task<unknown> };

export type Proc<T = void> = Generator<Yield, T, unknown>;

export class Task<T> {
  done = false;
  result: T | undefined;
  readonly waiters: Array<() => void> = [];
  constructor(readonly name: string) {}
}

/** A value some event will provide later; processes wait on it with `yield* join(future)`. */
export function future<T>(name: string): Task<T> {
  return new Task<T>(name);
}

export function* sleep(ms: number): Proc {
  yield { kind: 'sleep', ms };
}

export function* join<T>(task: Task<T>): Proc<T> {
  if (!task.done) yield { kind: 'join', task: task as Task<unknown> };
  return task.result as T;
}

export function* joinAll(tasks: readonly Task<unknown>[]): Proc {
  for (const t of tasks) yield* join(t);
}

/** Runs processes; the first uncaught error stops the whole run (see `failure`). */
export class Scheduler {
  failure: unknown = null;
  private live = 0;

  constructor(private readonly queue: EventQueue) {}

  spawn<T>(name: string, proc: Proc<T>): Task<T> {
    const task = new Task<T>(name);
    this.live += 1;
    this.queue.schedule(0, new Resume(this, task, proc, undefined));
    return task;
  }

  get running(): number {
    return this.live;
  }

  /** Run `proc` on to its next yield (Resume's event). */
  resume<T>(task: Task<T>, proc: Proc<T>, value: unknown): void {
    if (this.failure !== null) return;
    let r: IteratorResult<Yield, T>;
    try {
      r = proc.next(value);
    } catch (e) {
      this.failure = e;
      return;
    }
    if (r.done) {
      this.finish(task, r.value);
      return;
    }
    const y = r.value;
    if (y.kind === 'sleep') {
      assert(y.ms >= 0, 'tasks: negative sleep', y);
      this.queue.schedule(y.ms, new Resume(this, task, proc, undefined));
    } else if (y.task.done) {
      this.queue.schedule(0, new Resume(this, task, proc, y.task.result));
    } else {
      const joined = y.task;
      joined.waiters.push(() => this.resume(task, proc, joined.result));
    }
  }

  /** Complete a future (from any event); its waiters resume at the current virtual time. */
  resolve<T>(task: Task<T>, value: T): void {
    if (task.done) assert(false, 'tasks: a future resolved twice', { name: task.name });
    task.done = true;
    task.result = value;
    const waiters = task.waiters;
    for (const w of waiters) this.queue.schedule(0, w);
    waiters.length = 0;
  }

  private finish<T>(task: Task<T>, value: T): void {
    this.live -= 1;
    this.resolve(task, value);
  }
}

/** A process's next step as one queued event (an object: a closure over it would be two). */
class Resume<T> implements Runnable {
  constructor(private readonly scheduler: Scheduler, private readonly task: Task<T>,
    private readonly proc: Proc<T>, private readonly value: unknown) {}

  run(): void {
    this.scheduler.resume(this.task, this.proc, this.value);
  }
}
