/** The routes of the OpenAPI description the application generates, as the fuzz reads them. */

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[]; requestBody?: { content: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** As the description writes it: /api/engagements/{id}/tasks/{taskId}. */
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  /** Media type → schema of the body (resolved), for the routes that take one. */
  bodies: Record<string, Schema>;
  /** No token needed (the login, the health check). */
  open: boolean;
}

export const routeKey = (route: { method: string; path: string }): string => `${route.method.toUpperCase()} ${route.path}`;

const OPEN = new Set(['POST /api/auth/login', 'GET /health']);

/** Every operation of the description, in its order. */
export function routesOf(doc: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const parameters = op.parameters ?? [];
      const bodies: Record<string, Schema> = {};
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) bodies[type] = resolve(doc, media.schema ?? {});
      const route: Route = {
        method: method as Route['method'],
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: resolve(doc, p.schema ?? {}) })),
        bodies,
        open: false,
      };
      route.open = OPEN.has(routeKey(route));
      routes.push(route);
    }
  }
  return routes;
}

/** A schema with its $ref and allOf followed, properties and items included. */
export function resolve(doc: OpenApiDocument, schema: Schema, depth = 0): Schema {
  if (depth > 8) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(doc, { ...doc.components.schemas[name], ...(schema.nullable ? { nullable: true } : {}) }, depth + 1);
  }
  if (schema.allOf?.length) {
    const merged = schema.allOf.map((s) => resolve(doc, s, depth + 1)).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {} as Schema);
    return { ...schema, ...merged, allOf: undefined };
  }
  const out: Schema = { ...schema };
  if (schema.items) out.items = resolve(doc, schema.items, depth + 1);
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolve(doc, v, depth + 1)]));
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') out.additionalProperties = resolve(doc, schema.additionalProperties, depth + 1);
  return out;
}
