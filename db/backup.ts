import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";

/** data/backups/app-2025-07-01T10-20-30Z.db: sorts by time, no characters a file system refuses. */
export function backupFileName(now = new Date()): string {
  return `app-${now.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-")}.db`;
}

/**
 * SQLite online backup (better-sqlite3's db.backup(), SQLite's backup API): copies one consistent
 * snapshot while the app keeps reading and writing (WAL mode: writers are not blocked), so the
 * file is never a mix of two moments. The copy
 * is then checked with PRAGMA integrity_check. Restore: stop the app, replace the database file
 * with the copy (and delete any -wal/-shm files beside the old one), start the app.
 * For PostgreSQL the command refuses and points to pg_dump.
 */
export async function backupSqlite(sourceFile: string, target: string): Promise<{ file: string; bytes: number; pages: number }> {
  mkdirSync(dirname(target), { recursive: true });
  const source = new SQLite(sourceFile, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    let pages = 0;
    await source.backup(target, {
      progress: ({ totalPages }) => {
        pages = totalPages;
        // The rest in one step: in WAL mode the copy reads one snapshot while the app's writers go
        // on appending to the WAL (small steps would restart whenever the app writes between them).
        return 1_000_000;
      },
    });
    const copy = new SQLite(target, { readonly: true });
    try {
      const result = (copy.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
      if (result !== "ok") throw new Error(`Bản sao lưu không toàn vẹn (integrity_check: ${result}).`);
    } finally {
      copy.close();
    }
    return { file: target, bytes: statSync(target).size, pages };
  } finally {
    source.close();
  }
}
