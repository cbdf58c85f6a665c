// Compiled SQL statements, one per (database, SQL text). Compiling a statement costs about as much as running a
// small one, and provisioning runs the same few queries for every object, so they are compiled once per
// connection and reused (issue 6, decision 0160).
import type { Statement } from 'better-sqlite3';
import type { StateDb } from './database.js';

const caches = new WeakMap<StateDb, Map<string, Statement>>();

/** The compiled statement for this SQL on this connection (compiled on first use). */
export function statement(db: StateDb, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let compiled = cache.get(sql);
  if (!compiled) {
    compiled = db.prepare(sql);
    cache.set(sql, compiled);
  }
  return compiled;
}
