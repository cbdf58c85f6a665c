// The state store's schema, as an append-only list of migrations. Never edit an applied migration: add a new one.
// Ids are "<NNN>-<what>"; they are applied in list order and recorded in schema_migrations.
export interface Migration {
  id: string;
  sql: string;
}

export const migrations: Migration[] = [];
