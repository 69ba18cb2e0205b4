import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from "kysely";

/**
 * Makes SQLite speak the same JavaScript types as PostgreSQL.
 * Going in: Date -> ISO-8601 text (sortable, UTC), boolean -> 1/0 (better-sqlite3 binds neither).
 * Coming out, by the schema's naming rule: `*_at` -> Date, `is_*` -> boolean.
 */
export class SqliteTypesPlugin implements KyselyPlugin {
  readonly #params = new ParamTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#params.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const row of args.result.rows) convertRow(row);
    return args.result;
  }
}

export function toSqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

function convertRow(row: UnknownRow): void {
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (value === null || value === undefined) continue;
    if (key.endsWith("_at") && typeof value === "string") row[key] = new Date(value);
    else if (key.startsWith("is_") && typeof value === "number") row[key] = value !== 0;
  }
}

class ParamTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    return { ...node, value: toSqliteValue(node.value) };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...node, values: node.values.map(toSqliteValue) };
  }
}
