/** True for MongoDB's duplicate-key error (11000), the only portable way to see a unique clash. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * Runs a write that another instance may be making at the same moment (a
 * seed upsert, a one-off fill's marker, an index build on an empty
 * database): a duplicate key means the other got there first, so the
 * write is tried once more — now it finds the other's document and does
 * what it does to an existing one. A second clash is a real error.
 */
export async function retryOnDuplicate<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return write();
  }
}
