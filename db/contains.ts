import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/** Case-insensitive "contains" for user-typed text: `%` and `_` match themselves, not any character. */
export function contains(column: AnyColumn, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}
