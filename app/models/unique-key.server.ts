/**
 * Rows that must exist once (a decision per purchase, an event per
 * purchase and step, a delivery per webhook id) are guarded by a unique key
 * in the database, not by a read before the write: two requests on two
 * instances can both read "absent". The loser of such a race gets Prisma's
 * documented unique-constraint error, P2002, on either database.
 */
export function isUniqueViolation(error: unknown): boolean {
  // By code, not class: the SQLite and PostgreSQL clients are generated apart, each with its own error classes.
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * Creates the row, or, when its unique key is already taken, reads the row
 * that took it: either way the caller gets the one row, and knows whether it
 * made it. Not for use inside a PostgreSQL transaction (the violation aborts
 * the transaction); call it on its own.
 */
export async function createOrFind<T>(
  create: () => Promise<T>,
  find: () => Promise<T | null>,
): Promise<{ row: T; created: boolean }> {
  try {
    return { row: await create(), created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const row = await find();
    // Taken, then gone again (deleted in between): the caller's create stands refused.
    if (row === null) throw error;
    return { row, created: false };
  }
}

/** Creates the row unless its unique key is taken; true when this call created it. */
export async function createOnce(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
