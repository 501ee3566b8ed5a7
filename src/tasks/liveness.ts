/**
 * Tells whether the engine instance that owns a Running task is still alive.
 * In browsers each instance holds a Web Lock named after its id for as long as it lives; the lock is released
 * when the page or worker dies, so `navigator.locks.query()` answers across tabs, reloads and crashes.
 * Where Web Locks do not exist (Node), liveness is tracked per process.
 */

const LOCK_PREFIX = 'imm-highlight-engine/owner/'
const liveInProcess = new Set<string>()

interface LockManagerLike {
  request(name: string, callback: () => Promise<void>): Promise<void>
  query(): Promise<{ held?: { name?: string }[] }>
}

function lockManager(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator
  return nav?.locks
}

export interface OwnerHandle {
  readonly id: string
  /** Resolves once the owner lock is held. */
  readonly ready: Promise<void>
  release(): void
}

export function claimOwnership(id: string): OwnerHandle {
  liveInProcess.add(id)
  const locks = lockManager()
  let release = () => {}
  let ready: Promise<void> = Promise.resolve()
  if (locks) {
    ready = new Promise<void>((acquired) => {
      void locks.request(LOCK_PREFIX + id, () => {
        acquired()
        return new Promise<void>((r) => (release = r))
      })
    })
  }
  return {
    id,
    ready,
    release: () => {
      liveInProcess.delete(id)
      release()
    },
  }
}

export async function isOwnerAlive(id: string): Promise<boolean> {
  if (liveInProcess.has(id)) return true
  const locks = lockManager()
  if (!locks) return false
  const { held = [] } = await locks.query()
  return held.some((l) => l.name === LOCK_PREFIX + id)
}
