/** The InventoryDO's private SQLite schema, applied once per object in its constructor. */

export const INVENTORY_SCHEMA_VERSION = 2;

export const INVENTORY_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS schema_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  // reserved <= on_hand is the no-oversell invariant; SQLite enforces it on every write.
  `CREATE TABLE IF NOT EXISTS stock (
     location TEXT PRIMARY KEY,
     on_hand INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
     reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
     safety_stock INTEGER NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
     CHECK (reserved <= on_hand)
   )`,
  `CREATE TABLE IF NOT EXISTS holds (
     id TEXT PRIMARY KEY,
     hold_key TEXT NOT NULL,
     order_id TEXT NOT NULL,
     location TEXT NOT NULL,
     quantity INTEGER NOT NULL CHECK (quantity > 0),
     status TEXT NOT NULL,
     expires_at INTEGER,
     updated_at INTEGER NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS holds_key ON holds (hold_key)`,
  `CREATE INDEX IF NOT EXISTS holds_order ON holds (order_id)`,
  `CREATE INDEX IF NOT EXISTS holds_expiry ON holds (status, expires_at)`,
  `CREATE TABLE IF NOT EXISTS movements (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     type TEXT NOT NULL,
     location TEXT NOT NULL,
     on_hand_delta INTEGER NOT NULL,
     reserved_delta INTEGER NOT NULL,
     actor TEXT NOT NULL,
     reason TEXT,
     reference TEXT
   )`,
  // v2: finds the movement an operation already made (short picks are retried by phones)
  `CREATE INDEX IF NOT EXISTS movements_reference ON movements (reference)`,
];
