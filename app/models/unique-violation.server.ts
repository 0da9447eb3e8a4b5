/**
 * Duplicate keys, decided by the database: several app instances share it,
 * so "does it exist yet?" asked in memory would let two racing requests
 * both insert. Insert, and when the unique constraint refuses the row,
 * read the one that won.
 */

/** Prisma's "Unique constraint failed" (P2002), the same through every driver adapter. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * Runs `insert`; on a unique violation returns what `reread` finds instead
 * (the row another request inserted first). `created` says which happened.
 */
export async function insertOrReread<T>(
  insert: () => Promise<T>,
  reread: () => Promise<T | null>,
): Promise<{ row: T; created: boolean }> {
  try {
    return { row: await insert(), created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const row = await reread();
    if (row === null) throw error; // the winner is gone again (deleted meanwhile): nothing to hand back
    return { row, created: false };
  }
}
