// A test-only preload (`node --import <this file>`) that holds an idx process
// still at a chosen point, so that a test can SIGKILL it exactly there:
//
//   IDX_TEST_PAUSE=before:/abs/migration.sql   before the migration's script runs
//                                              (the engine has recorded its start)
//   IDX_TEST_PAUSE=after:/abs/migration.sql    after its transaction committed, before
//                                              the engine records it finished
//   IDX_TEST_PAUSE=event:N                     at the N-th database call (1-based):
//                                              every PostgreSQL query, every PGlite
//                                              query, exec or directory initialisation
//
// When it holds, it writes "IDX_TEST_PAUSED <what>" on stderr and waits forever.
// With IDX_TEST_TRACE=1 it writes "IDX_TEST_EVENT <n> <what>" for every call,
// so a test can count them. It patches the prototypes of node-postgres'
// Client and of PGlite: the instances idx uses.

import { readFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

const setting = process.env.IDX_TEST_PAUSE ?? ''
const trace = process.env.IDX_TEST_TRACE === '1'
const [mode, argument = ''] = setting.split(/:(.*)/s)
const script = mode === 'before' || mode === 'after' ? readFileSync(argument, 'utf8') : undefined
const pauseAt = mode === 'event' ? Number(argument) : undefined
let events = 0

const hold = (what: string): Promise<never> => {
  process.stderr.write(`IDX_TEST_PAUSED ${what}\n`)
  return new Promise<never>(() => {})
}

/** Counts one database call; holds the process when it is the chosen one. */
function event(what: string): Promise<never> | undefined {
  events += 1
  if (trace) process.stderr.write(`IDX_TEST_EVENT ${events} ${what.replace(/\s+/g, ' ').slice(0, 60)}\n`)
  return events === pauseAt ? hold(`event ${events}: ${what.slice(0, 60)}`) : undefined
}

/** Wraps an async method: event counting, and holding around a migration script. */
function patch<T extends object>(proto: T, name: keyof T & string, label: string): void {
  const original = proto[name] as unknown as (this: unknown, ...args: unknown[]) => unknown
  ;(proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    const first = args[0]
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '')
    const held = event(`${label} ${text}`)
    if (held !== undefined) return held
    if (script !== undefined && typeof text === 'string' && text.startsWith(script)) {
      if (mode === 'before') return hold('before the migration script')
      const callback = args.at(-1)
      if (typeof callback === 'function') {
        // node-postgres' pool calls its clients with a callback: hold instead of calling it back.
        args[args.length - 1] = (error: unknown, ...rest: unknown[]) =>
          error ? callback(error, ...rest) : void hold('after the migration script')
        return original.apply(this, args)
      }
      const result = original.apply(this, args)
      if (result instanceof Promise) return result.then(() => hold('after the migration script'))
      return result
    }
    return original.apply(this, args)
  }
}

patch(pg.Client.prototype, 'query', 'pg')
patch(PGlite.prototype, 'query', 'pglite query')
patch(PGlite.prototype, 'exec', 'pglite exec')
const create = PGlite.create.bind(PGlite)
;(PGlite as unknown as { create: (...args: unknown[]) => unknown }).create = (...args: unknown[]) =>
  event(`pglite create ${String(args[0])}`) ?? create(...(args as Parameters<typeof create>))
